"""NIK (Nomor Induk Kependudukan), the 16-digit national identity number.

Layout: PP KK CC DDMMYY SSSS: province, regency, district, birth date (day + 40 for women)
and a serial that is never 0000.
"""

from __future__ import annotations

import calendar
import re

from antrean.errors import FieldProblem

# ASCII digits only and the whole string: \d would take other scripts' digits, and $ a final newline.
_NIK = re.compile(r"[0-9]{16}")
MIN_PROVINCE, MAX_PROVINCE = 11, 94

# The same rules as one regular expression, for the OpenAPI document (so a client or a form knows
# them before it sends). Birth dates DDMMYY, with DD + 40 for women; 29 February when YY is a
# multiple of 4 (the century is not in the NIK). tests/unit/test_checked_types.py holds the two
# statements of the rules equal.
_DAY_ANY_MONTH = r"(?:0[1-9]|1[0-9]|2[0-8]|4[1-9]|5[0-9]|6[0-8])(?:0[1-9]|1[0-2])[0-9]{2}"
_DAY_29 = r"(?:29|69)(?:0[13-9]|1[0-2])[0-9]{2}|(?:29|69)02(?:[02468][048]|[13579][26])"
_DAY_30 = r"(?:30|70)(?:0[13-9]|1[0-2])[0-9]{2}"
_DAY_31 = r"(?:31|71)(?:0[13578]|1[02])[0-9]{2}"
_PROVINCE = r"(?:1[1-9]|[2-8][0-9]|9[0-4])"  # MIN_PROVINCE..MAX_PROVINCE
_SERIAL = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"  # never 0000
NIK_PATTERN = rf"^{_PROVINCE}[0-9]{{4}}(?:{_DAY_ANY_MONTH}|{_DAY_29}|{_DAY_30}|{_DAY_31}){_SERIAL}$"


def nik_problem(nik: str) -> FieldProblem | None:
    """Return why `nik` is not a valid NIK, or None when it is."""
    if not _NIK.fullmatch(nik):
        return FieldProblem(
            "nik_format",
            "NIK must be exactly 16 digits.",
            "NIK harus terdiri dari 16 angka.",
        )
    province = int(nik[0:2])
    if not MIN_PROVINCE <= province <= MAX_PROVINCE:
        return FieldProblem(
            "nik_province",
            "The first two digits of the NIK are not a province code.",
            "Dua angka pertama NIK bukan kode provinsi yang berlaku.",
        )
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:  # women: day of birth + 40
        day -= 40
    # The century is not in the NIK: 29 February is valid whenever yy is a multiple of 4
    # (2000 was a leap year, so 00 counts too).
    days_in_month = 29 if month == 2 and year % 4 == 0 else _days_in(month)
    if not (1 <= month <= 12 and 1 <= day <= days_in_month):
        return FieldProblem(
            "nik_birth_date",
            "Digits 7-12 of the NIK are not a valid birth date.",
            "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid.",
        )
    if nik[12:] == "0000":
        return FieldProblem(
            "nik_serial",
            "The last four digits of the NIK cannot be 0000.",
            "Empat angka terakhir NIK tidak boleh 0000.",
        )
    return None


def _days_in(month: int) -> int:
    return calendar.monthrange(2001, month)[1] if 1 <= month <= 12 else 0
