"""The checked strings (NIK, phone number, name, registration number) say in the OpenAPI document
exactly what their checks accept: the document's schema (lengths and a pattern, read with ECMA-262's
meaning, where $ is the end of the string) accepts a value if and only if the check does, but for
the registration number's check character, which the document says it cannot express."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from antrean.domain import Nik, PersonName, PhoneNumber, RegistrationNumber
from antrean.domain.nik import NIK_PATTERN, nik_problem
from antrean.domain.registration import SHAPE_PATTERN, parse_registration_number
from antrean.domain.types import PHONE_PATTERN, name_pattern
from tests.support import ROOT


@cache
def _schema(document: str, model: str, field: str) -> dict[str, Any]:
    components = json.loads((ROOT / "openapi" / f"{document}.json").read_text())["components"]["schemas"]
    return dict(components[model]["properties"][field])


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # ECMA-262 (the document's dialect) ends the string at $; Python's re also before a final \n.
    return re.compile(pattern.removeprefix("^").removesuffix("$"))


def document_accepts(schema: dict[str, Any], value: str) -> bool:
    if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)):
        return False
    return _compiled(schema["pattern"]).fullmatch(value) is not None


@cache
def _adapter(kind: Any) -> TypeAdapter[str]:
    return TypeAdapter(kind)


def check_accepts(kind: Any, value: str) -> bool:
    try:
        _adapter(kind).validate_python(value)
    except ValidationError:
        return False
    return True


# --- NIK ------------------------------------------------------------------------------------------


def test_the_documents_nik_is_the_checks_nik() -> None:
    assert _schema("public_api", "BookingRequest", "nik")["pattern"] == NIK_PATTERN
    assert _schema("staff_api", "CitizenRequest", "nik")["pattern"] == NIK_PATTERN


def test_every_birth_date_province_and_serial_is_judged_alike_by_pattern_and_check() -> None:
    nik = _compiled(NIK_PATTERN)
    parts = [f"352301{d:06d}0001" for d in range(1_000_000)]  # every DDMMYY
    parts += [f"{p:02d}23010101900001" for p in range(100)] + [f"352301010190{s:04d}" for s in range(10_000)]
    disagree = [value for value in parts if (nik.fullmatch(value) is not None) != (nik_problem(value) is None)]
    assert disagree == []


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        st.from_regex(_compiled(NIK_PATTERN), fullmatch=True),
        st.text(alphabet=st.sampled_from("0123456789\n ٣३x"), min_size=14, max_size=18),
    )
)
def test_a_nik_is_taken_exactly_when_the_document_says_so(value: str) -> None:
    schema = _schema("public_api", "BookingRequest", "nik")
    assert check_accepts(Nik, value) == document_accepts(schema, value), value


@pytest.mark.parametrize("value", ["3523014501900001\n", "٣٥٢٣٠١٤٥٠١٩٠٠٠٠١", "3523014501900001 "])
def test_a_nik_with_a_final_newline_or_other_digits_is_refused(value: str) -> None:
    assert not check_accepts(Nik, value)


# --- phone numbers --------------------------------------------------------------------------------

_PHONE_CHARACTERS = "0123456789" * 3 + "+62 ()-.\u00a0\n\t/_x٣A"
_SEPARATED = st.sampled_from(["", "", "", " ", "-", ".", "(", ")", "\u00a0"])


@st.composite
def _written_phones(draw: Any) -> str:
    """Numbers near the pattern's edges: each prefix, 7 to 11 more digits, separators anywhere."""
    prefix = draw(st.sampled_from(["0", "+62", "62", "+6", "6"]))
    digits = "8" + draw(st.sampled_from("0123456789")) + draw(st.text("0123456789", min_size=6, max_size=11))
    return "".join(draw(_SEPARATED) + c for c in prefix + digits) + draw(_SEPARATED)


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        _written_phones(),
        st.text(alphabet=st.sampled_from(_PHONE_CHARACTERS), min_size=1, max_size=20),
    )
)
def test_a_phone_number_is_taken_exactly_when_the_document_says_so(value: str) -> None:
    schema = _schema("public_api", "BookingRequest", "phone")
    assert schema["pattern"] == PHONE_PATTERN
    assert check_accepts(PhoneNumber, value) == document_accepts(schema, value), value


@pytest.mark.parametrize(
    "value",
    ["0812 3456 7890", "(0812) 3456-7890", "+62 812.3456.7890", "62 812 3456 7890", "0812\u00a03456\u00a07890"],
)
def test_what_the_booking_page_lets_through_is_still_taken(value: str) -> None:
    assert check_accepts(PhoneNumber, value)


@pytest.mark.parametrize("value", ["0812FLOWERS", "08123456789 ext 12", "tel:+6281234567890", "٠٨١٢٣٤٥٦٧٨٩٠"])
def test_what_phonenumbers_would_read_but_no_page_sends_is_refused(value: str) -> None:
    assert not check_accepts(PhoneNumber, value)


# --- names ----------------------------------------------------------------------------------------

_NAME_CHARACTERS = st.one_of(
    st.sampled_from("Siti Aminah .,'-\t\n\u00a0\u2028\u3000\ufeff\x1c\u0301"),
    st.characters(codec="utf-8"),
)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=_NAME_CHARACTERS, min_size=0, max_size=110))
def test_a_name_is_taken_exactly_when_the_document_says_so(value: str) -> None:
    schema = _schema("public_api", "BookingRequest", "name")
    assert schema["pattern"] == name_pattern()
    assert check_accepts(PersonName, value) == document_accepts(schema, value), value


# --- registration numbers -------------------------------------------------------------------------


_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _valid(body: str) -> str:
    """The registration number of nine characters and the one check character that fits them."""
    return next(n for c in _ALPHABET if (n := parse_registration_number(body + c)) is not None)


_NUMBERS = st.text(alphabet=st.sampled_from(_ALPHABET), min_size=9, max_size=9).map(_valid)


def _written(draw: Any, number: str) -> str:
    """A registration number as someone may type it: any case, spaces and hyphens anywhere."""
    written = ""
    for character in number.replace("-", ""):
        written += draw(st.sampled_from(["", "", " ", "-"])) + draw(st.sampled_from([character, character.lower()]))
    return written + draw(st.sampled_from(["", " ", "-"]))


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        _NUMBERS,
        st.builds(lambda data, number: _written(data.draw, number), st.data(), _NUMBERS),
        st.text(alphabet=st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcu -ıſ\n"), max_size=18),
        st.from_regex(_compiled(SHAPE_PATTERN), fullmatch=True),
    )
)
def test_a_registration_number_is_taken_when_the_document_says_so_and_its_check_character_fits(value: str) -> None:
    fits = parse_registration_number(value) is not None  # the check character too
    assert check_accepts(RegistrationNumber, value) == (document_accepts(_registration_schema(), value) and fits), value


def _registration_schema() -> dict[str, Any]:
    document = json.loads((ROOT / "openapi" / "public_api.json").read_text())
    parameters = document["paths"]["/bookings/{registration_number}"]["get"]["parameters"]
    return dict(next(p for p in parameters if p["name"] == "registration_number")["schema"])


@pytest.mark.parametrize("value", ["ıKQM3-XD9PZ", "7KQM3-XD9PZ\n", "7ſQM3-XD9PZ"])
def test_letters_of_other_scripts_that_upper_case_into_the_alphabet_are_refused(value: str) -> None:
    assert parse_registration_number(value) is None
