"""What every API model shares: the request and response bases, the office-local time of day, and
the check of a domain model's rules across fields from a request model."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Response(BaseModel):
    model_config = ConfigDict(frozen=True)


@dataclass(frozen=True)
class FieldRule:
    """A rule on a field, or across fields, that the schema cannot state: refused with 422,
    error.code invalid_request, and `code` in error.fields (declared by the routes that apply it,
    see antrean.api.responses)."""

    code: str
    says: str


INCONSISTENT = FieldRule("inconsistent", "the fields do not agree with each other (error.fields says how)")


def check_domain_rules(model: type[BaseModel], values: dict[str, Any]) -> None:
    """Check `values` against the domain model's rules across its fields, from a request model's
    validator: breaking one is then the caller's invalid input (a 422) when the request is read,
    never a failure (a 500) when the request is converted to the domain."""
    try:
        model.model_validate(values)
    except ValidationError as error:
        reasons = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
        raise PydanticCustomError(
            INCONSISTENT.code,
            "{reasons}",
            {"reasons": reasons, "message_id": "Isian ini tidak sesuai dengan isian lainnya."},
        ) from None


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    if (isinstance(value, str) and _ISO_DATE.fullmatch(value)) or type(value) is dt.date:
        return value
    raise PydanticCustomError(
        "date_parsing",
        "Give the date as YYYY-MM-DD.",
        {"message_id": "Tanggal tidak valid; gunakan format TTTT-BB-HH."},
    )


#: A day in a request, taken only as the document says it (format date: YYYY-MM-DD). Pydantic alone
#: also takes a number of seconds since 1970 (0 is 1970-01-01) and a date-time at midnight.
Day = Annotated[dt.date, BeforeValidator(_iso_date)]


def _wall_clock(value: dt.time) -> dt.time:
    if value.tzinfo is not None or value.microsecond:
        raise PydanticCustomError(
            "local_time_invalid",
            "Give the office's local time as HH:MM or HH:MM:SS, without a time zone.",
            {"message_id": "Tulis jam setempat kantor sebagai JJ:MM atau JJ:MM:DD, tanpa zona waktu."},
        )
    return value


#: A wall-clock time at the office (WIB, WITA or WIT by its time zone), sent as "08:00:00" with no
#: offset, and taken only so: an offset would make it incomparable with the office's other times.
#: Documented as a pattern, since JSON Schema's "time" format is RFC 3339's full-time, whose offset
#: is required: clients that check formats would refuse every time this API sends.
LocalTime = Annotated[
    dt.time,
    AfterValidator(_wall_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
            "description": "Office local time, HH:MM:SS (HH:MM is taken too)",
            "examples": ["08:00:00"],
        }
    ),
]
