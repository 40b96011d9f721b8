"""What every API model shares: the request and response bases, the office-local time of day, and
the check of a domain model's rules across fields from a request model."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

#: A request body takes only the JSON types its document states. Powertools decodes the body and
#: validates the dict, in pydantic's lax Python mode unless told otherwise, which takes "5" for an
#: integer and 1 or "true" for a boolean. What JSON sends as a string (a date, a time, an enum's
#: value) is read from it with FromString; the nested models of a body that come from the domain
#: are made strict by subclasses that set this config too.
STRICT = ConfigDict(strict=True)

T = TypeVar("T")

#: A value JSON sends as a string, parsed from it inside a strict request (strict Python mode would
#: take only the Python object): an enum by its value, a date or a time in ISO form.
FromString = Annotated[T, Strict(False)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, **STRICT)

    @model_validator(mode="before")
    @classmethod
    def _integers(cls, data: Any) -> Any:
        return _whole_numbers(data)


def _whole_numbers(value: Any) -> Any:
    """The body with every number of no fraction an int: JSON Schema's integer, which the documents
    state (OpenAPI 3.1), is any number with a zero fractional part, so 5.0 is the integer 5. A
    fraction stays a float, which an integer field refuses."""
    if type(value) is float and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


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
Day = Annotated[dt.date, Strict(False), BeforeValidator(_iso_date)]


def _not_local_time() -> PydanticCustomError:
    return PydanticCustomError(
        "local_time_invalid",
        "Give the office's local time as HH:MM or HH:MM:SS, without a time zone.",
        {"message_id": "Tulis jam setempat kantor sebagai JJ:MM atau JJ:MM:DD, tanpa zona waktu."},
    )


def _time_text(value: Any) -> Any:
    # Pydantic alone also takes a number of seconds since midnight (as a time in UTC).
    if isinstance(value, str | dt.time):
        return value
    raise _not_local_time()


def _wall_clock(value: dt.time) -> dt.time:
    if value.tzinfo is not None or value.microsecond:
        raise _not_local_time()
    return value


#: A wall-clock time at the office (WIB, WITA or WIT by its time zone), sent as "08:00:00" with no
#: offset, and taken only so: an offset would make it incomparable with the office's other times.
#: Documented as a pattern, since JSON Schema's "time" format is RFC 3339's full-time, whose offset
#: is required: clients that check formats would refuse every time this API sends.
LocalTime = Annotated[
    dt.time,
    Strict(False),
    BeforeValidator(_time_text),
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
