"""What every API model shares: the request and response bases, the office-local time of day, and
the check of a domain model's rules across fields from a request model."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Response(BaseModel):
    model_config = ConfigDict(frozen=True)


def check_domain_rules(model: type[BaseModel], values: dict[str, Any]) -> None:
    """Check `values` against the domain model's rules across its fields, from a request model's
    validator: breaking one is then the caller's invalid input (a 422) when the request is read,
    never a failure (a 500) when the request is converted to the domain."""
    try:
        model.model_validate(values)
    except ValidationError as error:
        reasons = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
        raise PydanticCustomError(
            "inconsistent",
            "{reasons}",
            {"reasons": reasons, "message_id": "Isian ini tidak sesuai dengan isian lainnya."},
        ) from None


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
