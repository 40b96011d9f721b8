"""Validated types: what a NIK, a phone number, a name, a registration number and the other
identifiers must look like, checked wherever a model carries them (API requests and domain
models alike). A failed check says why in English and Bahasa Indonesia."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from antrean.domain.nik import nik_problem
from antrean.domain.phone import normalize_phone
from antrean.domain.registration import parse_registration_number
from antrean.errors import FieldProblem


def _raise(problem: FieldProblem) -> None:
    raise PydanticCustomError(problem.code, problem.message, {"message_id": problem.message_id})


def _check_nik(value: str) -> str:
    problem = nik_problem(value)
    if problem:
        _raise(problem)
    return value


def _check_phone(value: str) -> str:
    phone, problem = normalize_phone(value)
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
    if not cleaned or any(not (c.isalpha() or c in " .,'-") for c in cleaned):
        _raise(
            FieldProblem(
                "name_invalid",
                "Enter the name as written on the KTP-el or KK (letters only).",
                "Tulis nama sesuai KTP-el atau KK (hanya huruf).",
            )
        )
    return cleaned


def _text(lengths: tuple[int, int], description: str, example: str) -> Any:
    """The bounds and the OpenAPI description of a checked string (the check comes after them)."""
    return Field(min_length=lengths[0], max_length=lengths[1], description=description, examples=[example])


Nik = Annotated[str, _text((1, 32), "16-digit NIK", "3523014501900001"), AfterValidator(_check_nik)]
PhoneNumber = Annotated[str, _text((1, 32), "Indonesian mobile number", "081234567890"), AfterValidator(_check_phone)]
PersonName = Annotated[str, _text((1, 100), "Name as on the KTP-el/KK", "Siti Aminah"), AfterValidator(_check_name)]
RegistrationNumber = Annotated[
    str, _text((10, 16), "Registration number, XXXXX-XXXXX", "7KQM3-XD9PZ"), AfterValidator(_check_registration_number)
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
        description="The IAM user or role that signs the staff member's requests",
        examples=["arn:aws:iam::123456789012:user/operator-tuban"],
    ),
]
SessionCode = Annotated[str, Field(pattern=r"^[A-Z]$", description="Session letter", examples=["B"])]
