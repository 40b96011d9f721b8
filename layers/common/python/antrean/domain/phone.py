"""Indonesian mobile phone numbers, parsed with the maintained `phonenumbers` metadata."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberType

from antrean.errors import FieldProblem


def normalize_phone(raw: str) -> tuple[str | None, FieldProblem | None]:
    """Return the number in E.164 (+628...) or the reason it is not an Indonesian mobile number.

    Mobile only: the reminders of later issues go out by SMS.
    """
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number) or number.country_code != 62:
        return None, FieldProblem(
            "phone_invalid",
            "Enter an Indonesian phone number, e.g. 0812 3456 7890.",
            "Masukkan nomor HP Indonesia, contoh 0812 3456 7890.",
        )
    if phonenumbers.number_type(number) not in {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}:
        return None, FieldProblem(
            "phone_not_mobile",
            "Enter a mobile number (08...), so that we can send you messages.",
            "Masukkan nomor HP (08...), agar kami dapat mengirim pesan kepada Anda.",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None
