"""The no-show rule (issue 18, logic/no_shows.py) through the handlers: close_day's and the counter's
no-shows are recorded under the NIK's pseudonym; the limit-th within 90 days blocks the NIK's online
bookings at that office until the block's last day (refused in both languages, nothing written),
never a walk-in or desk booking by staff; a supervisor lifts it, audited. The day arithmetic's
boundaries are in tests/unit/test_no_show.py."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from antrean.logic import availability
from antrean.store import store
from tests.support.clock import FRIDAY, NOW, THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, demo_office, nik
from tests.support.handlers import CLOSE_DAY, OPEN_DAYS, Api, Staff, lambda_context

SUPERVISOR, OPERATOR = "supervisor-tegal", "operator-tegal"
THURSDAY_EVENING = NOW + dt.timedelta(days=2, hours=13)  # Thursday 20:00 WIB: the office has closed
BLOCK_DAYS = 3  # no-shows on Wednesday and Thursday: blocked until Sunday 29 November


def _office(limit: int | None = 2) -> Any:
    return demo_office("tegal", booking_window_days=4, no_show_limit=limit, no_show_block_days=BLOCK_DAYS)


def _book(api: Api, serial: int, day: str) -> tuple[int, Any]:
    availability.forget_recent()
    return api.post("/offices/tegal/bookings", booking_body(serial, day))


def _table(aws: Any) -> list[dict[str, Any]]:
    return sorted(aws.scan(TableName="Table", ConsistentRead=True)["Items"], key=lambda i: (i["pk"]["S"], i["sk"]["S"]))


def _missed_wednesday_and_thursday(seed: Any, api: Api, now: Any, limit: int | None = 2) -> None:
    """NIK #1 books Wednesday and Thursday and comes to neither; close_day runs Thursday evening."""
    seed(_office(limit))
    assert _book(api, 1, WEDNESDAY)[0] == 201
    assert _book(api, 1, THURSDAY)[0] == 201
    now(THURSDAY_EVENING)
    assert CLOSE_DAY.lambda_handler({}, lambda_context())["no_shows"] == 2


def test_the_limit_th_no_show_blocks_online_booking_with_the_reason_and_nothing_written(
    aws, seed, api: Api, now
) -> None:
    # Given two no-shows within 90 days, at an office whose limit is 2
    _missed_wednesday_and_thursday(seed, api, now)

    # When the citizen books online again
    before = _table(aws)
    status, body = _book(api, 1, FRIDAY)

    # Then it is refused, saying why, until when and that the desk still serves them, in both
    # languages, with nothing written
    assert status == 409, body
    error = body["error"]
    assert (error["code"], error["until"], error["no_shows"], error["limit"]) == ("no_show_blocked", "2026-11-29", 2, 2)
    assert all(words in error["message"] for words in ("90 days", "`until`", "desk can still serve"))
    assert all(words in error["message_id"] for words in ("90 hari", "`until`", "dilayani langsung di loket"))
    assert _table(aws) == before
    # And another citizen books as before
    assert _book(api, 2, FRIDAY)[0] == 201


def test_one_no_show_short_of_the_limit_blocks_nothing(seed, api: Api, now) -> None:
    _missed_wednesday_and_thursday(seed, api, now, limit=3)

    assert _book(api, 1, FRIDAY)[0] == 201


def test_an_office_without_the_rule_records_nothing(aws, seed, api: Api, now) -> None:
    _missed_wednesday_and_thursday(seed, api, now, limit=None)

    assert _book(api, 1, FRIDAY)[0] == 201
    assert not [i for i in _table(aws) if i["pk"]["S"].startswith("NOSHOW#")]


def test_the_records_hold_the_nik_only_as_a_pseudonym_and_expire_after_90_days(aws, seed, api: Api, now) -> None:
    _missed_wednesday_and_thursday(seed, api, now)

    records = [i for i in _table(aws) if i["pk"]["S"].startswith("NOSHOW#")]

    assert len(records) == 3  # two no-shows and the state
    assert nik(1) not in json.dumps(records)
    wednesday = next(i for i in records if i["sk"]["S"].startswith(WEDNESDAY))
    expires = dt.datetime.fromtimestamp(int(wednesday["expires_at"]["N"]), dt.UTC)
    assert expires == dt.datetime(2026, 11, 25, tzinfo=dt.UTC) + dt.timedelta(days=90)


def test_the_block_holds_on_its_last_day_and_ends_the_day_after(seed, api: Api, now) -> None:
    _missed_wednesday_and_thursday(seed, api, now)

    now(dt.datetime(2026, 11, 29, 16, 59, tzinfo=dt.UTC))  # Sunday 23:59 WIB, the block's last day
    OPEN_DAYS.lambda_handler({}, lambda_context())
    assert _book(api, 1, "2026-11-30")[1]["error"]["code"] == "no_show_blocked"
    now(dt.datetime(2026, 11, 29, 17, 0, tzinfo=dt.UTC))  # Monday 00:00 WIB
    assert _book(api, 1, "2026-11-30")[0] == 201


def test_staff_still_serve_a_blocked_citizen_at_the_desk(seed, api: Api, staff: Staff, now) -> None:
    _missed_wednesday_and_thursday(seed, api, now)
    now(NOW + dt.timedelta(days=3, hours=2))  # Friday 09:00 WIB

    status, body = staff(OPERATOR).post(
        "/staff/offices/tegal/walk-ins", {"service": "ktp_el", "nik": nik(1), "name": "Ahmad"}
    )

    assert (status, body["kind"]) == (201, "walk_in"), body


def test_a_no_show_at_the_counter_counts_too(seed, api: Api, staff: Staff, now) -> None:
    # Given a citizen who missed Wednesday, and is called today (Thursday) and not there
    seed(_office())
    _book(api, 1, WEDNESDAY)
    thursday = _book(api, 1, THURSDAY)[1]["registration_number"]
    now(NOW + dt.timedelta(days=2, hours=2))  # Thursday 09:00 WIB
    assert CLOSE_DAY.lambda_handler({}, lambda_context())["no_shows"] == 1  # Wednesday's
    operator = staff(OPERATOR)
    assert operator.post(f"/staff/offices/tegal/bookings/{thursday}/check-in")[0] == 200
    assert operator.post("/staff/offices/tegal/queue/call-next", {"counter": 1})[0] == 200

    # When the operator marks the absent citizen a no-show
    assert operator.post(f"/staff/offices/tegal/bookings/{thursday}/no-show")[1]["status"] == "no_show"

    # Then that is the second no-show: blocked, as the desk's lookup shows
    assert _book(api, 1, FRIDAY)[1]["error"]["code"] == "no_show_blocked"
    status, body = operator.post("/staff/offices/tegal/no-show-blocks/find", {"nik": nik(1)})
    assert status == 200, body
    assert (body["blocked"], body["until"], body["no_shows"]) == (True, "2026-11-29", [WEDNESDAY, THURSDAY])
    assert body["nik"] == nik(1)[:6] + "*" * 10


def test_a_supervisor_lifts_a_block_with_a_reason_audited_and_the_count_starts_again(
    seed, api: Api, staff: Staff, now
) -> None:
    _missed_wednesday_and_thursday(seed, api, now)
    supervisor = staff(SUPERVISOR)
    lift = {"nik": nik(1), "reason": "Sakit, ada surat dokter"}

    # An operator may not lift it; a supervisor may, once
    assert staff(OPERATOR).post("/staff/offices/tegal/no-show-blocks/lift", lift)[0] == 403
    status, body = supervisor.post("/staff/offices/tegal/no-show-blocks/lift", lift)
    assert (status, body["blocked"], body["lifted_on"], body["no_shows"]) == (200, False, "2026-11-26", []), body
    again = supervisor.post("/staff/offices/tegal/no-show-blocks/lift", lift)
    assert (again[0], again[1]["error"]["code"]) == (409, "not_blocked")

    # The audit log has who, when, the masked NIK and the reason
    records = supervisor.get("/staff/offices/tegal/audit", query={"date": THURSDAY})[1]["records"]
    lifted = [r for r in records if r["action"] == "no_show_block.lift"]
    assert len(lifted) == 1
    assert lifted[0]["target"] == nik(1)[:6] + "*" * 10
    assert lifted[0]["before"] == {"until": "2026-11-29", "no_shows": "2"}
    assert lifted[0]["after"]["reason"] == "Sakit, ada surat dokter"
    # And the citizen books online again; the old no-shows no longer count
    assert _book(api, 1, FRIDAY)[0] == 201
    assert store().no_shows.state("tegal", nik(1)).blocked_on(dt.date(2026, 11, 27)) is False
