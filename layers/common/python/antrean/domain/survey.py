"""The Survei Kepuasan Masyarakat (SKM) and its Indeks Kepuasan Masyarakat (IKM), as Permenpan RB
No. 14 Tahun 2017 (Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan
Publik) sets them: nine service elements, a four-point scale, the weighted average and its grade.

Where this comes from. The regulation's body (Pasal 1: every public-service unit runs the survey at
least once a year, to obtain the IKM) was read in copies of its text (puskaandriana.blogspot.com,
"Permenpan No 14 Th 2017 tentang Survey"; id.scribd.com/document/397270865). Its annex (lampiran),
which holds the elements, the formula and the conversion table, was not found in an official copy
(JDIH KemenPANRB) by the search available; what follows is the annex as public-service units
publish and apply it, and the same in every source found:
- the nine elements ("ruang lingkup"), in the annex's order: persyaratan; sistem, mekanisme dan
  prosedur; waktu penyelesaian; biaya/tarif; produk spesifikasi jenis pelayanan; kompetensi
  pelaksana; perilaku pelaksana; penanganan pengaduan, saran dan masukan; sarana dan prasarana
  (qims-consulting.com, "Survei Kepuasan Masyarakat (SKM)"; the Pusyantek BPPT SKM report 2020;
  DKP3 Kota Sukabumi's SKM 2019, with each element's definition);
- the questionnaire's four answers per element, scored 1 to 4 (the annex's sample questionnaire as
  reproduced by Kantor Camat Ulu Manna, pdfcoffee.com "Permen 14 2017 Okkk": e.g. tidak sesuai /
  kurang sesuai / sesuai / sangat sesuai; biaya: sangat mahal / cukup mahal / murah / gratis);
- the formula: NRR per element = the element's scores summed / the number of respondents
  ("jumlah kuesioner yang terisi"); every element weighs the same, "jumlah bobot / jumlah unsur"
  = 1/9; IKM = the sum of the weighted NRRs (on 1..4); converted to 25..100 by x 25
  (e-smile.tubaba.go.id, Disdukcapil Tulang Bawang Barat's SKM report; the flipbook "Gabungan
  Teori Administrasi Publik" p. 169, for the same method with the older 14 elements);
- the table of nilai persepsi, nilai interval (NI), nilai interval konversi (NIK), mutu pelayanan
  and kinerja unit pelayanan (BPPP Tegal's Buku Kinerja BLU 2024, p. 44, quoting the regulation;
  Disdukcapil Tulang Bawang Barat; RSD Nganjuk's IKM 2024 dataset):
      1   1,00 - 2,5996   25,00 - 64,99   D   Tidak baik
      2   2,60 - 3,064    65,00 - 76,60   C   Kurang baik
      3   3,0644 - 3,532  76,61 - 88,30   B   Baik
      4   3,5324 - 4,00   88,31 - 100,00  A   Sangat baik
  (BPPP Tegal prints C's upper bound as 76,66: a typo; the others, and 3,064 x 25, give 76,60.)
  This is also the table commonly published; it is flagged here because no official copy of the
  annex was at hand to compare it with. The older Kepmenpan 25/2004's table (1,00-1,75 D ...) is
  not this one.

How it is applied here. The weight is exactly 1/9 and every step is computed in exact fractions;
only the converted IKM (and each element's NRR and converted value, for display) is rounded, half
up, to two decimals, and the grade is read from that converted value against the intervals'
lower bounds (65,00; 76,61; 88,31), so the table's gaps (2,5996 | 2,60; 3,064 | 3,0644) leave no
value without a grade. Spreadsheets that weigh each NRR by 0,111 get slightly lower figures
(nine answers of 4 give 99,90 instead of 100,00); this follows the regulation's 1/9.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from antrean.domain.catalogue import ServiceCode

#: The four points of the scale, worst to best.
SCALE = (1, 2, 3, 4)
#: The longest comment a respondent may leave (characters).
COMMENT_MAX = 500
#: A survey link's token: 16 random bytes, URL-safe base64 without padding (never derived from the
#: registration number or the NIK).
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{22}$"  # noqa: S105 (a pattern, not a secret)
#: The IKM's scale after conversion (x 25).
CONVERSION = 25


class Element(StrEnum):
    """The nine service elements (unsur pelayanan), U1 to U9 in the regulation's order."""

    REQUIREMENTS = "requirements"  # U1 persyaratan
    PROCEDURE = "procedure"  # U2 sistem, mekanisme dan prosedur
    TIME = "time"  # U3 waktu penyelesaian
    COST = "cost"  # U4 biaya/tarif
    PRODUCT = "product"  # U5 produk spesifikasi jenis pelayanan
    COMPETENCE = "competence"  # U6 kompetensi pelaksana
    BEHAVIOUR = "behaviour"  # U7 perilaku pelaksana
    COMPLAINTS = "complaints"  # U8 penanganan pengaduan, saran dan masukan
    FACILITIES = "facilities"  # U9 sarana dan prasarana


ELEMENTS = tuple(Element)


@dataclass(frozen=True)
class ElementText:
    """An element's name, its question and its four answers (scored 1 to 4), in both languages."""

    code: str  # U1 .. U9
    name_id: str
    name_en: str
    question_id: str
    question_en: str
    answers_id: tuple[str, str, str, str]
    answers_en: tuple[str, str, str, str]


TEXTS: dict[Element, ElementText] = {
    Element.REQUIREMENTS: ElementText(
        "U1",
        "Persyaratan",
        "Requirements",
        "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "How well did the requirements fit the service you applied for?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not suitable", "Less suitable", "Suitable", "Very suitable"),
    ),
    Element.PROCEDURE: ElementText(
        "U2",
        "Sistem, mekanisme dan prosedur",
        "System, mechanism and procedure",
        "Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?",
        "How easy was the service's procedure at this office?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("Not easy", "Less easy", "Easy", "Very easy"),
    ),
    Element.TIME: ElementText(
        "U3",
        "Waktu penyelesaian",
        "Completion time",
        "Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?",
        "How quickly was the service given?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("Not quick", "Less quick", "Quick", "Very quick"),
    ),
    Element.COST: ElementText(
        "U4",
        "Biaya/tarif",
        "Cost/fee",
        "Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?",
        "How fair was the cost or fee of the service?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("Very expensive", "Fairly expensive", "Cheap", "Free"),
    ),
    Element.PRODUCT: ElementText(
        "U5",
        "Produk spesifikasi jenis pelayanan",
        "Service product",
        "Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?",
        "How well did what you received match what the service standard promises?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not as promised", "Partly as promised", "As promised", "Fully as promised"),
    ),
    Element.COMPETENCE: ElementText(
        "U6",
        "Kompetensi pelaksana",
        "Staff competence",
        "Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?",
        "How competent were the staff who served you?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("Not competent", "Less competent", "Competent", "Very competent"),
    ),
    Element.BEHAVIOUR: ElementText(
        "U7",
        "Perilaku pelaksana",
        "Staff conduct",
        "Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        "How polite and friendly were the staff?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
        ("Not polite or friendly", "Less polite and friendly", "Polite and friendly", "Very polite and friendly"),
    ),
    Element.COMPLAINTS: ElementText(
        "U8",
        "Penanganan pengaduan, saran dan masukan",
        "Handling of complaints and suggestions",
        "Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?",
        "How does this office handle complaints and suggestions?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
        ("There is no way to complain", "There is one, but it does not work", "It works, not fully", "Well handled"),
    ),
    Element.FACILITIES: ElementText(
        "U9",
        "Sarana dan prasarana",
        "Facilities",
        "Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?",
        "How good were the office's facilities?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
        ("Poor", "Fair", "Good", "Very good"),
    ),
}


class Grade(StrEnum):
    """Mutu pelayanan: A (sangat baik) to D (tidak baik)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


@dataclass(frozen=True)
class GradeRow:
    """One row of the regulation's conversion table."""

    grade: Grade
    interval: tuple[Decimal, Decimal]  # nilai interval (NI), on the 1..4 scale
    converted: tuple[Decimal, Decimal]  # nilai interval konversi (NIK), on 25..100
    performance_id: str  # kinerja unit pelayanan
    performance_en: str


#: Best first: the grade of a converted value is the first row whose lower bound it reaches.
GRADES = (
    GradeRow(
        Grade.A, (Decimal("3.5324"), Decimal("4.00")), (Decimal("88.31"), Decimal("100.00")), "Sangat baik", "Very good"
    ),
    GradeRow(Grade.B, (Decimal("3.0644"), Decimal("3.532")), (Decimal("76.61"), Decimal("88.30")), "Baik", "Good"),
    GradeRow(Grade.C, (Decimal("2.60"), Decimal("3.064")), (Decimal("65.00"), Decimal("76.60")), "Kurang baik", "Poor"),
    GradeRow(
        Grade.D, (Decimal("1.00"), Decimal("2.5996")), (Decimal("25.00"), Decimal("64.99")), "Tidak baik", "Very poor"
    ),
)
GRADE_ROWS = {row.grade: row for row in GRADES}


def two_decimals(value: Fraction) -> Decimal:
    """The value rounded half up to two decimals, exactly (no binary fraction in between)."""
    return Decimal(math.floor(value * 100 + Fraction(1, 2))).scaleb(-2)


def converted(value: Fraction) -> Decimal:
    """A value on the 1..4 scale converted to 25..100 (x 25), rounded half up to two decimals."""
    return two_decimals(value * CONVERSION)


def grade_of(converted_value: Decimal) -> Grade:
    """The mutu pelayanan of a converted value (two decimals), by the table's lower bounds."""
    return next((row.grade for row in GRADES if converted_value >= row.converted[0]), Grade.D)


@dataclass(frozen=True)
class ElementResult:
    element: Element
    total: int  # the scores summed
    nrr: Fraction  # nilai rata-rata: total / respondents, exact

    @property
    def converted(self) -> Decimal:
        return converted(self.nrr)

    @property
    def grade(self) -> Grade:
        return grade_of(self.converted)


@dataclass(frozen=True)
class IkmResult:
    """The figures of a set of responses: each element's NRR, and the IKM (1..4, exact), converted
    (25..100, two decimals) and graded."""

    respondents: int
    elements: tuple[ElementResult, ...]
    ikm: Fraction

    @property
    def converted(self) -> Decimal:
        return converted(self.ikm)

    @property
    def grade(self) -> Grade:
        return grade_of(self.converted)


def ikm(responses: Sequence[Sequence[int]]) -> IkmResult:
    """The IKM of responses, each the nine scores in ELEMENTS' order (at least one response).

    NRR per element = the element's scores summed / the number of respondents; each element's
    weight is 1/9; IKM = the sum of the weighted NRRs."""
    if not responses:
        raise ValueError("no responses")
    if any(len(scores) != len(ELEMENTS) or any(s not in SCALE for s in scores) for scores in responses):
        raise ValueError("each response holds nine scores of 1 to 4")
    n = len(responses)
    results = tuple(
        ElementResult(element, total, Fraction(total, n))
        for element, total in zip(ELEMENTS, (sum(column) for column in zip(*responses, strict=True)), strict=True)
    )
    weight = Fraction(1, len(ELEMENTS))
    return IkmResult(n, results, sum((r.nrr * weight for r in results), Fraction(0)))


# --- what a citizen answers, and what is kept ---------------------------------------------------

Score = Annotated[int, Field(ge=1, le=4)]

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A NIK (16 digits), a KK number or a phone number, with or without spaces, dots or dashes.
_NUMBER = re.compile(r"\+?\d(?:[\s.\-]?\d){7,}")
REDACTED = "[dihapus]"


def scrub_comment(comment: str | None) -> str | None:
    """The comment as kept: e-mail addresses and runs of eight or more digits (a NIK, a KK number,
    a phone number) replaced by a mark, whitespace collapsed; None when nothing is left. A name
    typed in the comment cannot be told from other words and stays."""
    if comment is None:
        return None
    text = _NUMBER.sub(REDACTED, _EMAIL.sub(REDACTED, comment))
    text = " ".join(text.split())
    return text or None


class SurveyState(StrEnum):
    OPEN = "open"  # may be answered, until closes_at
    ANSWERED = "answered"
    CLOSED = "closed"  # past closes_at, never answered (not stored: read from the time)


class SurveyInvitation(BaseModel):
    """The link a served citizen was sent: which office, service, day and counter it is about, and
    until when it may be answered. It holds no registration number, NIK, name or contact, and no
    time finer than the day and the closing time."""

    model_config = ConfigDict(frozen=True)

    token: str = Field(pattern=TOKEN_PATTERN)
    office_id: str
    service: ServiceCode
    day: dt.date  # the office-local day of the service (or of the pickup)
    counter: int | None = None  # the counter that served the booking, where one did
    closes_at: dt.datetime
    answered: bool = False

    def state(self, now: dt.datetime) -> SurveyState:
        if self.answered:
            return SurveyState.ANSWERED
        return SurveyState.OPEN if now < self.closes_at else SurveyState.CLOSED


class SurveyResponse(BaseModel):
    """One anonymous response: the office, service, day and counter of the invitation, the nine
    scores and the comment (scrubbed). Nothing in it names the citizen or the booking."""

    model_config = ConfigDict(frozen=True)

    response_id: str
    office_id: str
    service: ServiceCode
    day: dt.date
    counter: int | None = None
    scores: dict[Element, Score]
    comment: str | None = Field(default=None, max_length=COMMENT_MAX)

    def ordered_scores(self) -> tuple[int, ...]:
        return tuple(self.scores[element] for element in ELEMENTS)


def closes_at(day: dt.date, survey_days: int, zone: dt.tzinfo) -> dt.datetime:
    """The end of the office-local day `survey_days` days after the day of service (UTC)."""
    end = dt.datetime.combine(day + dt.timedelta(days=survey_days + 1), dt.time(), zone)
    return end.astimezone(dt.UTC)
