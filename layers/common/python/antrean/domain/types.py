"""Validated types: what a NIK, a phone number, a name, a registration number and the other
identifiers must look like, checked wherever a model carries them (API requests and domain
models alike). A failed check says why in English and Bahasa Indonesia.

The OpenAPI document states each check as a pattern that accepts exactly what the check accepts
(tests/unit/test_checked_types.py holds them equal), so a client or a form generated from it
knows what will be refused before it sends. The checks stay in Python for their messages; only
the registration number's check character cannot be said as a pattern, and the document says so."""

from __future__ import annotations

import functools
import re
import sys
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from antrean.domain.nik import NIK_PATTERN, nik_problem
from antrean.domain.phone import normalize_phone
from antrean.domain.registration import SHAPE_PATTERN, parse_registration_number
from antrean.errors import FieldProblem

_S = r"[ \u00a0().-]*"  # separators, anywhere
#: An Indonesian mobile number as the API takes it: 0 or +62 and then the mobile numbers of
#: `phonenumbers`' metadata for ID (8[1-35-9] and 7 to 10 more digits), or 62 without the + and
#: at least 8 more (a shorter one reads as a fixed line in area 62); spaces, no-break spaces,
#: hyphens, dots and parentheses anywhere. Letters (0812-FLOWERS), other scripts' digits,
#: extensions and "tel:" parse too, but are refused: no page sends them, and an extension would
#: be dropped without a word.
PHONE_PATTERN = (
    rf"^{_S}(?:(?:0|\+{_S}6{_S}2){_S}8{_S}[1-35-9](?:{_S}[0-9]){{7,10}}"
    rf"|6{_S}2{_S}8{_S}[1-35-9](?:{_S}[0-9]){{8,10}}){_S}$"
)
_PHONE = re.compile(PHONE_PATTERN.removeprefix("^").removesuffix("$"))  # fullmatch: $ takes a final newline
_NAME_PUNCTUATION = ".,'-"


def _raise(problem: FieldProblem) -> None:
    raise PydanticCustomError(problem.code, problem.message, {"message_id": problem.message_id})


def _check_nik(value: str) -> str:
    problem = nik_problem(value)
    if problem:
        _raise(problem)
    return value


_PHONE_INVALID = FieldProblem(
    "phone_invalid",
    "Enter an Indonesian phone number, e.g. 0812 3456 7890.",
    "Masukkan nomor HP Indonesia, contoh 0812 3456 7890.",
)


def _check_phone(value: str) -> str:
    phone, problem = normalize_phone(value)
    if not _PHONE.fullmatch(value):
        problem = problem or _PHONE_INVALID  # parsed, but not as the document says it may be written
    if problem:
        _raise(problem)
    assert phone is not None
    return phone


def _check_registration_number(value: str) -> str:
    parsed = parse_registration_number(value)
    if parsed is None:
        _raise(
            FieldProblem(
                "registration_number_invalid",
                "This is not a registration number; check it for typing errors (format XXXXX-XXXXX).",
                "Ini bukan nomor registrasi; periksa kembali ketikannya (format XXXXX-XXXXX).",
            )
        )
    return str(parsed)


def _check_name(value: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned or any(not (c.isalpha() or c in f" {_NAME_PUNCTUATION}") for c in cleaned):
        _raise(
            FieldProblem(
                "name_invalid",
                "Enter the name as written on the KTP-el or KK (letters only).",
                "Tulis nama sesuai KTP-el atau KK (hanya huruf).",
            )
        )
    return cleaned


def _ranges(test: Any) -> str:
    """A character class body of every code point for which `test` holds, as literal ranges."""
    spans: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if test(chr(code)):
            if spans and spans[-1][1] == code - 1:
                spans[-1] = (spans[-1][0], code)
            else:
                spans.append((code, code))
    escape = {"\\", "]", "[", "^", "-"}

    def char(code: int) -> str:
        c = chr(code)
        return f"\\u{code:04x}" if c in escape or not c.isprintable() else c

    return "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in spans)


@functools.cache
def name_pattern() -> str:
    """_check_name as a pattern: whitespace anywhere (str.split's), at least one letter (str.isalpha,
    this Python's Unicode database) or one of .,'- and nothing else. Built when the document is
    generated, never at a cold start (it looks at every code point)."""
    space = _ranges(str.isspace)
    letter = _ranges(lambda c: c.isalpha() or c in _NAME_PUNCTUATION)
    return rf"^[{space}]*(?:[{letter}][{space}]*)+$"


def _text(lengths: tuple[int, int], description: str, example: str, **schema: Any) -> Any:
    """The bounds and the OpenAPI description of a checked string (the check comes after them);
    `schema` is what the document says besides (pattern, exact lengths) and the check enforces."""
    return Field(
        min_length=lengths[0],
        max_length=lengths[1],
        description=description,
        examples=[example],
        json_schema_extra=lambda field: field.update({k: v() if callable(v) else v for k, v in schema.items()}),
    )


Nik = Annotated[
    str,
    _text(
        (1, 32),
        "16-digit NIK: province code 11-94, regency and district, birth date DDMMYY (DD + 40 for "
        "women), a serial that is not 0000",
        "3523014501900001",
        minLength=16,
        maxLength=16,
        pattern=NIK_PATTERN,
    ),
    AfterValidator(_check_nik),
]
PhoneNumber = Annotated[
    str,
    _text(
        (1, 32),
        "Indonesian mobile number (+62, 62 or 0, then 8...), digits with spaces, hyphens, dots or "
        "parentheses; answered in E.164 (+628...)",
        "0812 3456 7890",
        pattern=PHONE_PATTERN,
    ),
    AfterValidator(_check_phone),
]
PersonName = Annotated[
    str,
    _text(
        (1, 100),
        "Name as on the KTP-el/KK: letters, spaces and .,'- (spaces are tidied)",
        "Siti Aminah",
        pattern=name_pattern,
    ),
    AfterValidator(_check_name),
]
RegistrationNumber = Annotated[
    str,
    _text(
        (10, 16),
        "Registration number, XXXXX-XXXXX: ten characters of 0-9 and A-Z less U (I, L and O read as "
        "1, 1 and 0), any case, spaces and hyphens anywhere. The last character checks the other "
        "nine, which no pattern can say: a number that fails it is refused with "
        "registration_number_invalid (422)",
        "7KQM3-XD9PZ",
        pattern=SHAPE_PATTERN,
    ),
    AfterValidator(_check_registration_number),
]
OfficeId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{1,39}$", examples=["tuban"])]
EmailAddress = Annotated[
    str,
    Field(
        max_length=254,
        pattern=r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
        description="E-mail address for notifications",
        examples=["siti.aminah@example.id"],
    ),
]
VillageCode = Annotated[str, Field(pattern=r"^[0-9]{10}$", description="Kode desa/kelurahan", examples=["3317052001"])]
PrincipalArn = Annotated[
    str,
    Field(
        pattern=r"^arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/-]{1,200}$",
        description="An IAM user or role that signs a script's requests",
        examples=["arn:aws:iam::123456789012:user/report-export"],
    ),
]
#: Who signs a staff member's requests: a person's Cognito user (``cognito:<sub>``, through the
#: identity pool) or, for scripts only, an IAM principal's ARN.
Principal = Annotated[
    str,
    Field(
        pattern=(
            r"^(cognito:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            r"|arn:aws[a-z-]*:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/-]{1,200})$"
        ),
        description="cognito:<sub> for a person's account; an IAM ARN for a script",
        examples=["cognito:5f0c6e1a-3b7d-4c2e-9a41-0d2b8e7f6c13"],
    ),
]
#: A staff account's sign-in name (the user pool's usernames are case-insensitive: kept lower case).
Username = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$",
        description="Sign-in name: 3 to 64 lower-case letters, digits, '.', '_' or '-'",
        examples=["operator-tuban"],
    ),
]
SessionCode = Annotated[str, Field(pattern=r"^[A-Z]$", description="Session letter", examples=["B"])]
