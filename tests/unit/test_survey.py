"""The Indeks Kepuasan Masyarakat as Permenpan RB 14/2017 computes it (antrean.domain.survey):
a hand-computed example to two decimals, the grade's boundaries, what a comment keeps, and when a
report may show a slice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from antrean.domain import BookingStatus
from antrean.domain.survey import (
    ELEMENTS,
    Grade,
    SurveyInvitation,
    closes_at,
    converted,
    grade_of,
    ikm,
    scrub_comment,
)
from antrean.logic.survey import Period, period_bounds, shown_slices
from antrean.notify.messages import Notice, NoticeKind, compose, notices
from antrean.store import keys
from antrean_local.template import load_template
from tests.support import ROOT
from tests.unit.test_messages import GSM7, TEGAL, TRACKING, UPLOAD, booking, then

#: Five respondents, the nine elements U1..U9 in the regulation's order.
FIVE = [
    (4, 4, 3, 4, 4, 3, 4, 3, 3),
    (3, 3, 3, 4, 3, 3, 4, 2, 3),
    (4, 3, 2, 4, 3, 4, 4, 3, 3),
    (3, 4, 3, 4, 4, 3, 3, 3, 2),
    (4, 3, 3, 4, 3, 4, 4, 2, 3),
]


def test_a_hand_computed_example_matches_to_two_decimals() -> None:
    """By hand: the columns sum to 18, 17, 14, 20, 17, 17, 19, 13, 14, so the NRRs (sum / 5) are
    3.6, 3.4, 2.8, 4.0, 3.4, 3.4, 3.8, 2.6, 2.8; weighted 1/9 each, the IKM is 29.8 / 9 =
    3.3111..., converted 82.7777... = 82.78: B, Baik. (Weights of 0.111 would give 82.70.)"""
    result = ikm(FIVE)

    assert result.respondents == 5
    assert [r.total for r in result.elements] == [18, 17, 14, 20, 17, 17, 19, 13, 14]
    assert [r.nrr for r in result.elements] == [Fraction(n, 10) for n in (36, 34, 28, 40, 34, 34, 38, 26, 28)]
    assert result.ikm == Fraction(298, 90)
    assert result.converted == Decimal("82.78")
    assert result.grade == Grade.B
    # Per element: U3 2.8 x 25 = 70.00 (C), U8 2.6 x 25 = 65.00 (C, its lowest bound), U4 4.0 = 100 (A).
    by_element = {r.element: (r.converted, r.grade) for r in result.elements}
    assert by_element[ELEMENTS[2]] == (Decimal("70.00"), Grade.C)
    assert by_element[ELEMENTS[7]] == (Decimal("65.00"), Grade.C)
    assert by_element[ELEMENTS[3]] == (Decimal("100.00"), Grade.A)


def test_nine_fours_are_one_hundred_and_nine_ones_twenty_five() -> None:
    assert ikm([(4,) * 9]).converted == Decimal("100.00")
    assert ikm([(1,) * 9]).converted == Decimal("25.00")
    assert ikm([(1,) * 9]).grade == Grade.D


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("25.00", Grade.D),
        ("64.99", Grade.D),
        ("65.00", Grade.C),
        ("76.60", Grade.C),
        ("76.61", Grade.B),
        ("88.30", Grade.B),
        ("88.31", Grade.A),
        ("100.00", Grade.A),
    ],
)
def test_the_grade_follows_the_conversion_table(value: str, grade: Grade) -> None:
    assert grade_of(Decimal(value)) == grade


def test_the_interval_values_convert_onto_the_grades_lower_bounds_rounding_half_up() -> None:
    # The table's nilai interval 2.60, 3.0644 and 3.5324 are 65.00, 76.61 and 88.31 converted.
    assert converted(Fraction("2.60")) == Decimal("65.00")
    assert converted(Fraction("3.0644")) == Decimal("76.61")
    assert converted(Fraction("3.5324")) == Decimal("88.31")
    # Exactly half a hundredth rounds up (76.605 -> 76.61, B), without a binary fraction between.
    assert converted(Fraction("3.0642")) == Decimal("76.61")
    assert converted(Fraction("3.06419")) == Decimal("76.60")


def test_a_response_needs_all_nine_scores_of_one_to_four() -> None:
    with pytest.raises(ValueError, match="nine scores"):
        ikm([(4,) * 8])
    with pytest.raises(ValueError, match="nine scores"):
        ikm([(5,) * 9])
    with pytest.raises(ValueError, match="no responses"):
        ikm([])


def test_a_comment_keeps_no_nik_phone_number_or_e_mail_address() -> None:
    comment = "NIK saya 3374 0145 0190 0001, hp 0812-0000-0001, siti.aminah@example.id; loket 3 ramah. Antre 2 jam."

    assert scrub_comment(comment) == "NIK saya [dihapus], hp [dihapus], [dihapus]; loket 3 ramah. Antre 2 jam."
    assert scrub_comment("   ") is None


def test_a_survey_closes_at_the_end_of_the_last_day_office_time() -> None:
    # Served on Wednesday 25 November (WITA); seven days: open until Wednesday 2 December, 24:00 WITA.
    assert closes_at(dt.date(2026, 11, 25), 7, ZoneInfo("Asia/Makassar")) == dt.datetime(
        2026, 12, 2, 16, 0, tzinfo=dt.UTC
    )


def test_periods_are_calendar_months_quarters_and_years() -> None:
    day = dt.date(2026, 11, 24)
    assert period_bounds(Period.MONTH, day) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert period_bounds(Period.QUARTER, day) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert period_bounds(Period.YEAR, day) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert period_bounds(Period.QUARTER, dt.date(9999, 12, 31)) == (dt.date(9999, 10, 1), dt.date(9999, 12, 31))


def test_a_slice_under_the_minimum_hides_and_so_does_one_that_would_give_it_away() -> None:
    # kk alone under 5: shown, ktp_el would be the whole minus kk... so kk's figures are the whole
    # minus ktp_el's: the smallest shown slice is hidden too.
    assert shown_slices({"ktp_el": 7, "kk": 1}, 5) == set()
    assert shown_slices({"ktp_el": 7, "akta": 6, "kk": 1}, 5) == {"ktp_el"}
    # Hidden ones holding five together may stay hidden alone.
    assert shown_slices({"ktp_el": 7, "kk": 3, "akta": 2}, 5) == {"ktp_el"}
    assert shown_slices({"ktp_el": 7, "kk": 5}, 5) == {"ktp_el", "kk"}


# --- the invitation: one notice per booking -------------------------------------------------------


def test_being_served_calls_for_the_survey_once_and_a_later_pickup_not_again() -> None:
    booked = booking()
    served = then(then(booked, BookingStatus.CALLED), BookingStatus.SERVED)

    (notice,) = notices(then(booked, BookingStatus.CALLED), served)
    ready = then(served, BookingStatus.READY_FOR_PICKUP)
    picked_up = then(ready, BookingStatus.PICKED_UP)

    assert (notice.kind, notice.event_id) == (NoticeKind.SURVEY, "7KQM3-XD9PZ#survey")
    assert [n.kind for n in notices(served, ready)] == [NoticeKind.READY_FOR_PICKUP]
    assert notices(ready, picked_up) == []


def test_a_pickup_never_served_at_a_counter_calls_for_the_survey() -> None:
    ready = then(booking(), BookingStatus.READY_FOR_PICKUP)  # a village application, say

    (notice,) = notices(ready, then(ready, BookingStatus.PICKED_UP))

    assert (notice.kind, notice.event_id) == (NoticeKind.SURVEY, "7KQM3-XD9PZ#survey")


def test_the_invitation_fits_three_sms_parts_in_gsm7_and_names_no_booking() -> None:
    served = then(booking(), BookingStatus.SERVED)
    token = "AbCdEfGhIjKlMnOpQrStUv"
    invitation = SurveyInvitation(
        token=token,
        office_id="tegal",
        service=served.service,
        day=dt.date(2026, 11, 25),
        counter=2,
        closes_at=closes_at(dt.date(2026, 11, 25), 7, TEGAL.zone),
    )
    notice = Notice(NoticeKind.SURVEY, "e", served, survey=invitation)

    message = compose(notice, TEGAL, TRACKING, UPLOAD, "https://antrean.example.id/survey/#{token}")

    assert set(message.text) <= GSM7, set(message.text) - GSM7
    assert len(message.text) <= 480
    assert f"https://antrean.example.id/survey/#{token}" in message.text
    assert "sampai Rabu, 2 Desember 2026" in message.text
    for private in (served.registration_number, served.nik, served.name):
        assert private not in message.text + message.subject


def test_the_notifier_may_put_survey_invitations_and_no_other_item() -> None:
    template = load_template(ROOT / "template.yaml")
    policies = template["Resources"]["NotifierFunction"]["Properties"]["Policies"]
    statements = [s for p in policies if isinstance(p, dict) for s in p.get("Statement", [])]
    puts = [s for s in statements if "PutItem" in str(s["Action"])]

    assert puts == [
        {
            "Effect": "Allow",
            "Action": "dynamodb:PutItem",
            "Resource": {"Fn::GetAtt": ["Table", "Arn"]},
            "Condition": {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["SURVEY#*"]}},
        }
    ]
    assert "SURVEY#" in repr(keys.survey_invitation("AbCdEfGhIjKlMnOpQrStUv"))
