"""The path and header parameters routes share, typed and validated where powertools reads them."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query

from antrean.api.idempotency import HEADER, KEY_PATTERN
from antrean.domain import OfficeId, RegistrationNumber

OfficeInPath = Annotated[OfficeId, Path()]
RegistrationInPath = Annotated[RegistrationNumber, Path()]
DocumentTypeInPath = Annotated[str, Path(pattern=r"^[a-z0-9_]{1,40}$")]
IdempotencyKey = Annotated[str | None, Header(alias=HEADER, pattern=KEY_PATTERN)]
#: A report's form: JSON, or CSV for a spreadsheet (resolver.json_or_csv answers in it).
ReportFormat = Annotated[str, Query(pattern="^(json|csv)$")]
