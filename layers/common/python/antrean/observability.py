"""Logger and Metrics, created once; every log line has NIKs, phone numbers and names masked."""

from __future__ import annotations

import re
import warnings
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter
from aws_lambda_powertools.logging.types import LogRecord

from antrean.rules.privacy import mask_email, mask_name, mask_nik, mask_phone

_SENSITIVE_KEYS = {
    "nik": mask_nik,
    "phone": mask_phone,
    "name": mask_name,
    "citizen_name": mask_name,
    "email": mask_email,
}
# A NIK or phone number may also hide inside free text (an exception message, a raw body).
_NIK_IN_TEXT = re.compile(r"(?<!\d)(\d{6})\d{10}(?!\d)")
_PHONE_IN_TEXT = re.compile(r"(?<![\d+])(\+?62|0)8\d{6,11}(?!\d)")
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _mask(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _mask(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(v) for v in value]
    if isinstance(value, str):
        if key in _SENSITIVE_KEYS:
            return _SENSITIVE_KEYS[key](value)
        value = _NIK_IN_TEXT.sub(lambda m: m.group(1) + "*" * 10, value)
        value = _EMAIL_IN_TEXT.sub(lambda m: mask_email(m.group(0)), value)
        return _PHONE_IN_TEXT.sub(lambda m: "*" * (len(m.group(0)) - 3) + m.group(0)[-3:], value)
    return value


class MaskingFormatter(LambdaPowertoolsFormatter):
    """Masks personal data in the record before it is serialised."""

    def serialize(self, log: LogRecord) -> str:
        return super().serialize(_mask(log))


logger = Logger(logger_formatter=MaskingFormatter())
metrics = Metrics()
# Most reads count nothing, and powertools warns of a flush without metrics: once per environment,
# through `warnings`, which reads powertools' source to quote the line. That is a log line of no use
# and 0.2 ms of a restored environment's first request (bench/snapstart.py --calls).
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)
