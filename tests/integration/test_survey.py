"""The satisfaction survey (SKM) through the HTTP contract, in-process against moto: served at the
counter, the citizen gets one message with the survey's link (the notifier, from the table's
stream); the link is answered once, not before the service and not after the window; the
supervisor's report shows the IKM, hides slices under the minimum, and no response holds who
answered."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.clock import NOW
from tests.support.factories import api_event, booking_body, identity, nik, phone, small, walk_in_body
from tests.support.handlers import STAFF_API, Api, Staff, lambda_context
from tests.support.outbox import sms
from tests.support.stream import Stream

TODAY = "2026-11-24"
NINE = NOW + dt.timedelta(hours=2)  # 09:00 WIB, in Tegal's session A
LINK = re.compile(r"https://antrean\.example\.id/survey/#([A-Za-z0-9_-]{22})")
#: Nine scores per respondent, U1..U9: the first five are tests/unit/test_survey.py's hand example.
SCORES = [
    (4, 4, 3, 4, 4, 3, 4, 3, 3),
    (3, 3, 3, 4, 3, 3, 4, 2, 3),
    (4, 3, 2, 4, 3, 4, 4, 3, 3),
    (3, 4, 3, 4, 4, 3, 3, 3, 2),
    (4, 3, 3, 4, 3, 4, 4, 2, 3),
    (4, 4, 4, 4, 4, 4, 4, 4, 4),
]
ELEMENTS = (
    "requirements",
    "procedure",
    "time",
    "cost",
    "product",
    "competence",
    "behaviour",
    "complaints",
    "facilities",
)


@pytest.fixture
def stream(notify: None, seed: Callable[..., Any]) -> Stream:
    seed(small("tegal"))
    return Stream()


def _answer(scores: tuple[int, ...], comment: str | None = None) -> dict[str, Any]:
    return {"answers": dict(zip(ELEMENTS, scores, strict=True)), **({"comment": comment} if comment else {})}


def _serve(api: Api, staff: Staff, now: Callable[[dt.datetime], None], *services: str) -> list[str]:
    """Book today, check in and serve at counter 1 one booking per service; their numbers."""
    numbers = []
    for serial, service in enumerate(services, start=1):
        status, body = api.post("/offices/tegal/bookings", booking_body(serial, TODAY, service=service))
        assert status == 201, body
        numbers.append(body["registration_number"])
    now(NINE)
    operator = staff("operator-tegal")
    for number in numbers:
        assert operator.post(f"/staff/offices/tegal/bookings/{number}/check-in")[0] == 200
        status, called = operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})
        assert status == 200, called
        assert operator.post(f"/staff/offices/tegal/bookings/{called['registration_number']}/serve")[0] == 200
    return numbers


def _links() -> list[str]:
    return [token for _, text in sms() for token in LINK.findall(text)]


def _items(aws: Any, prefix: str) -> list[dict[str, Any]]:
    items = aws.scan(TableName="Table")["Items"]
    return [i for i in items if i["pk"]["S"].startswith(prefix)]


# --- the invitation -------------------------------------------------------------------------------


def test_serving_sends_one_link_and_the_pickup_after_it_none(stream: Stream, api: Api, staff: Staff, now, aws) -> None:
    # Given a booking served at counter 1
    (number,) = _serve(api, staff, now, "kk")
    operator = staff("operator-tegal")

    # When the stream brings its changes, again (at least once), and the document is then picked up
    stream.drain()
    for event in list(stream.events):
        stream.invoke(event)
    for step in ("ready-for-pickup", "picked-up"):
        assert operator.post(f"/staff/offices/tegal/bookings/{number}/{step}")[0] == 200
    stream.drain()

    # Then one message carried a survey link, whose token names neither the booking nor the NIK
    (token,) = _links()
    assert number not in token
    assert nik(1) not in token
    (invitation,) = [i for i in _items(aws, "SURVEY#") if i["pk"]["S"] == f"SURVEY#{token}"]
    assert (invitation["service"]["S"], invitation["counter"]["N"], invitation["day"]["S"]) == ("kk", "1", TODAY)
    status, form = api.get(f"/surveys/{token}")
    assert status == 200, form
    assert (form["office_name"], form["service"], form["state"]) == ("Disdukcapil Kota Tegal", "kk", "open")
    assert [e["code"] for e in form["elements"]] == [f"U{n}" for n in range(1, 10)]


# --- answering ------------------------------------------------------------------------------------


def test_a_link_is_answered_once_and_a_second_answer_changes_nothing(
    stream: Stream, api: Api, staff: Staff, now, aws
) -> None:
    _serve(api, staff, now, "ktp_el")
    stream.drain()
    (token,) = _links()

    first = api.post(f"/surveys/{token}", _answer(SCORES[0], "Petugas ramah."))
    table = aws.scan(TableName="Table")["Items"]
    second = api.post(f"/surveys/{token}", _answer(SCORES[1]))

    assert first == (201, {"state": "answered"})
    assert second[0] == 409
    assert second[1]["error"]["code"] == "survey_answered"
    assert second[1]["error"]["message_id"].startswith("Survei ini sudah diisi")
    assert aws.scan(TableName="Table")["Items"] == table
    assert len(_items(aws, "SKM#tegal#2026-11")) == 1
    assert api.get(f"/surveys/{token}")[1]["state"] == "answered"


def test_there_is_no_link_before_the_service(stream: Stream, api: Api, aws) -> None:
    # Given a booking made and told, not yet served
    status, _ = api.post("/offices/tegal/bookings", booking_body(1, TODAY))
    assert status == 201
    stream.drain()

    # Then no survey was opened, and a link made up is refused, with nothing written
    assert _links() == []
    assert _items(aws, "SURVEY#") == []
    table = aws.scan(TableName="Table")["Items"]
    status, body = api.post("/surveys/AAAAAAAAAAAAAAAAAAAAAA", _answer(SCORES[0]))
    assert (status, body["error"]["code"]) == (404, "survey_not_found")
    assert aws.scan(TableName="Table")["Items"] == table


def test_a_walk_in_without_a_phone_number_gets_no_survey(stream: Stream, staff: Staff, now, aws) -> None:
    now(NINE)
    operator = staff("operator-tegal")
    status, walk_in = operator.post("/staff/offices/tegal/walk-ins", walk_in_body(1))
    assert status == 201, walk_in
    assert operator.post("/staff/offices/tegal/queue/call-next", {"counter": 2})[0] == 200
    assert operator.post(f"/staff/offices/tegal/bookings/{walk_in['registration_number']}/serve")[0] == 200

    stream.drain()

    assert sms() == []
    assert _items(aws, "SURVEY#") == []


def test_the_link_closes_after_the_offices_survey_days(stream: Stream, api: Api, staff: Staff, now, aws) -> None:
    # Given a citizen served on Tuesday 24 November (Tegal: seven days, to the end of 1 December WIB)
    _serve(api, staff, now, "ktp_el")
    stream.drain()
    (token,) = _links()

    # When they answer at 23:59 on 1 December it is taken; another's link at midnight is not
    now(dt.datetime(2026, 12, 1, 16, 59, tzinfo=dt.UTC))
    assert api.get(f"/surveys/{token}")[1]["state"] == "open"
    now(dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC))
    table = aws.scan(TableName="Table")["Items"]
    status, body = api.post(f"/surveys/{token}", _answer(SCORES[0]))

    assert (status, body["error"]["code"]) == (409, "survey_closed")
    assert body["error"]["closes_at"] == "2026-12-01T17:00:00+00:00"
    assert api.get(f"/surveys/{token}")[1]["state"] == "closed"
    assert aws.scan(TableName="Table")["Items"] == table


# --- the supervisor's report ----------------------------------------------------------------------


def test_the_report_shows_the_ikm_and_hides_slices_under_the_minimum(stream: Stream, api: Api, staff: Staff, now, aws):
    # Given six citizens served (five KTP-el, one KK) who answer, with comments holding their data
    _serve(api, staff, now, "ktp_el", "ktp_el", "ktp_el", "ktp_el", "ktp_el", "kk")
    stream.drain()
    tokens = _links()
    assert len(tokens) == 6
    for serial, (token, scores) in enumerate(zip(tokens, SCORES, strict=True), start=1):
        comment = f"NIK saya {nik(serial)}, HP {phone(serial)}, siti{serial}@example.id. Ruang tunggu sejuk."
        assert api.post(f"/surveys/{token}", _answer(scores, comment))[0] == 201

    # When Tegal's supervisor reads November
    status, report = staff("supervisor-tegal").get("/staff/offices/tegal/survey", query={"period": "month"})

    # Then the six are shown as a whole: the columns sum to 22, 21, 18, 24, 21, 21, 23, 17, 18 over
    # six respondents, so the IKM is 185 / 54 = 3.4259..., converted 85.648... = 85.65, B (Baik)
    assert status == 200, report
    assert (report["first"], report["last"], report["min_responses"], report["shown"]) == (
        "2026-11-01",
        "2026-11-30",
        5,
        True,
    )
    overall = report["overall"]
    assert (overall["respondents"], overall["interval_value"], overall["ikm"], overall["grade"]) == (
        6,
        3.4259,
        85.65,
        "B",
    )
    assert [e["nrr"] for e in overall["elements"]] == [3.67, 3.5, 3.0, 4.0, 3.5, 3.5, 3.83, 2.83, 3.0]
    # KK's one response is not shown, and KTP-el's five neither: the whole minus them would be KK's
    assert report["services"] == []
    assert [(c["counter"], c["respondents"]) for c in report["counters"]] == [(1, 6)]
    assert len(report["comments"]) == 6
    assert all("[dihapus]" in c and "@" not in c for c in report["comments"])
    assert {r["grade"] for r in report["scale"]} == {"A", "B", "C", "D"}

    # And no stored response or invitation holds a NIK, a name, a phone number, an e-mail address
    # or a registration number
    stored = _items(aws, "SKM#") + _items(aws, "SURVEY#")
    assert len(stored) == 12
    text = repr(stored)
    numbers = [i["pk"]["S"].removeprefix("BOOKING#") for i in _items(aws, "BOOKING#") if i["sk"]["S"] == "BOOKING"]
    for serial in range(1, 7):
        assert nik(serial) not in text
        assert phone(serial)[1:] not in text  # 812..., in 08... or +62... form
        assert f"siti{serial}@" not in text
    assert "Siti Aminah" not in text  # (a name a respondent types in a comment would stay: not told apart)
    assert not any(number in text for number in numbers)
    assert "@example.id" not in text

    # And a month without enough responses shows nothing, not even a count; CSV says so too
    status, december = staff("supervisor-tegal").get(
        "/staff/offices/tegal/survey", query={"period": "month", "from": "2026-12-05"}
    )
    assert (status, december["shown"], december.get("overall"), december["comments"]) == (200, False, None, [])
    event = api_event(
        "GET",
        "/staff/offices/tegal/survey",
        query={"format": "csv"},
        signer=identity(staff("supervisor-tegal").principal),
    )
    response = STAFF_API.lambda_handler(event, lambda_context())
    assert response["multiValueHeaders"]["Content-Type"] == ["text/csv; charset=utf-8"]
    lines = response["body"].splitlines()
    assert lines[1] == "slice,key,respondents,U1,U2,U3,U4,U5,U6,U7,U8,U9,interval_value,ikm,grade"
    assert lines[2] == "all,,6,3.67,3.50,3.00,4.00,3.50,3.50,3.83,2.83,3.00,3.4259,85.65,B"


def test_another_offices_supervisor_and_an_operator_cannot_read_the_report(seed, staff: Staff) -> None:
    seed(small("tegal"), small("tuban"))

    assert staff("supervisor-tuban").get("/staff/offices/tegal/survey")[0] == 403
    assert staff("operator-tegal").get("/staff/offices/tegal/survey")[0] == 403
    assert staff("supervisor-tegal").get("/staff/offices/tegal/survey")[0] == 200
