"""The proof of work (ALTCHA) on citizens' writes, in process against moto: an office that asks for
one takes a booking (a lottery entry too), a reschedule and a complaint only with a solution of one
of its challenges, not expired, asking the work it asks now, and used once. Every refusal writes
nothing and says, in Bahasa Indonesia and English, where to get a challenge."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import pytest
from altcha import Payload, create_challenge, solve_challenge

from antrean.domain.challenge import ALGORITHM, ITERATIONS, LIFETIME
from tests.support.challenges import HEADER, solve, solved_header, tampered
from tests.support.clock import NOW, THURSDAY, WEDNESDAY, MoveClock
from tests.support.factories import booking_body, demo_office, nik, phone
from tests.support.handlers import OPEN_DAYS, Api, lambda_context

OFFICE = "tegal"
COST = 20  # a few milliseconds of solving in Python; the work is the same per try at any cost


def tegal(**changes: Any) -> Any:
    return demo_office(OFFICE, **{"booking_window_days": 2, "challenge_cost": COST, **changes})


def _table(aws: Any) -> list[dict[str, Any]]:
    return aws.scan(TableName="Table")["Items"]


def _book(api: Api, serial: int, solution: dict[str, str] | None = None, **headers: str) -> tuple[int, Any]:
    return api.post(
        f"/offices/{OFFICE}/bookings", booking_body(serial, WEDNESDAY), headers={**(solution or {}), **headers}
    )


def _refused(body: Any, code: str) -> None:
    error = body["error"]
    assert error["code"] == code
    assert error["challenge_url"] == f"/offices/{OFFICE}/challenge"
    assert "X-Altcha" in error["message"] or "challenge_url" in error["message"]
    assert "tantangan" in error["message_id"].lower()  # Bahasa Indonesia


def test_a_challenge_is_signed_for_the_office_asks_its_cost_and_lives_five_minutes(seed, api: Api) -> None:
    seed(tegal())

    status, body, headers = api.call("GET", f"/offices/{OFFICE}/challenge")

    assert status == 200, body
    assert headers["Cache-Control"] == "no-store"
    parameters = body["parameters"]
    assert (parameters["algorithm"], parameters["cost"]) == (ALGORITHM, ITERATIONS)
    assert parameters["data"] == {"office": OFFICE, "cost": COST, "expires": int((NOW + LIFETIME).timestamp())}
    assert body["signature"]
    assert parameters["keySignature"]
    # and the office tells the booking form that it asks for one
    assert api.get(f"/offices/{OFFICE}")[1]["proof_of_work"] is True


def test_a_booking_without_a_solution_is_refused_with_where_to_get_one_and_nothing_written(
    seed, api: Api, aws: Any
) -> None:
    seed(tegal())
    before = _table(aws)

    status, body = _book(api, 1)

    assert status == 428
    _refused(body, "challenge_required")
    assert _table(aws) == before


def test_a_solved_challenge_books_once_and_its_replay_is_refused_with_nothing_written(seed, api: Api, aws: Any) -> None:
    seed(tegal())
    solution = solved_header(api.get, OFFICE)

    status, booked = _book(api, 1, solution)
    assert status == 201, booked
    before = _table(aws)

    # The same solution again, for another citizen (a script booking many NIKs with one proof)
    status, body = _book(api, 2, solution)

    assert status == 403
    _refused(body, "challenge_reused")
    assert _table(aws) == before


def test_an_expired_solution_is_refused_with_nothing_written(seed, api: Api, aws: Any, now: MoveClock) -> None:
    seed(tegal())
    solution = solved_header(api.get, OFFICE)
    before = _table(aws)

    now(NOW + LIFETIME)
    status, body = _book(api, 1, solution)

    assert status == 403
    _refused(body, "challenge_expired")
    assert _table(aws) == before
    # a second earlier it was good
    now(NOW + LIFETIME - dt.timedelta(seconds=1))
    assert _book(api, 1, solution)[0] == 201


def _forged_with_another_key() -> str:
    challenge = create_challenge(
        ALGORITHM,
        ITERATIONS,
        counter=3,
        data={"office": OFFICE, "cost": COST, "expires": int((NOW + LIFETIME).timestamp())},
        hmac_secret="not our key",
        hmac_key_secret="not our key either",
    )
    solution = solve_challenge(challenge)
    assert solution is not None
    return Payload(challenge, solution).to_base64()


def _wrong_counter(solution: str) -> str:
    payload = json.loads(base64.b64decode(solution))
    payload["solution"]["counter"] += 1
    payload["solution"]["derivedKey"] = "00" * 32
    return base64.b64encode(json.dumps(payload).encode()).decode()


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda good: tampered(good, cost=1), id="work-lowered"),
        pytest.param(lambda good: tampered(good, expires=2_000_000_000), id="expiry-moved"),
        pytest.param(lambda good: tampered(good, office="rembang"), id="office-changed"),
        pytest.param(lambda good: _forged_with_another_key(), id="signed-with-another-key"),
        pytest.param(_wrong_counter, id="not-solved"),
        pytest.param(
            lambda good: base64.b64encode(b'{"challenge":null,"solution":null,"test":true}').decode(),
            id="widget-test-mode",
        ),
        pytest.param(lambda good: "bm90IGpzb24=", id="not-json"),
    ],
)
def test_a_forged_or_wrong_solution_is_refused_with_nothing_written(seed, api: Api, aws: Any, forge: Any) -> None:
    seed(tegal())
    good = solved_header(api.get, OFFICE)[HEADER]
    before = _table(aws)

    status, body = _book(api, 1, {HEADER: forge(good)})

    assert status == 403, body
    _refused(body, "challenge_invalid")
    assert _table(aws) == before


def test_a_challenge_of_another_office_is_refused(seed, api: Api) -> None:
    seed(tegal(), demo_office("rembang", booking_window_days=2, challenge_cost=COST))

    status, body = _book(api, 1, solved_header(api.get, "rembang"))

    assert status == 403
    _refused(body, "challenge_invalid")


def test_a_retry_with_the_idempotency_key_answers_the_same_booking_with_or_without_the_solution(seed, api: Api) -> None:
    seed(tegal())
    solution = solved_header(api.get, OFFICE)
    key = {"Idempotency-Key": "retry-of-booking-1"}

    status, first = _book(api, 1, solution, **key)
    assert status == 201, first

    # The page's retry of the same request (the answer was lost) carries the same solution; a
    # client's may carry none: the key's stored answer comes back, and the solution is not "reused"
    assert _book(api, 1, solution, **key) == (201, first)
    assert _book(api, 1, None, **key) == (201, first)
    # without the key, the same solution is a replay
    assert _book(api, 1, solution)[1]["error"]["code"] == "challenge_reused"


def test_an_office_that_asks_no_proof_of_work_takes_requests_without_one(seed, api: Api) -> None:
    seed(tegal(challenge_cost=0))

    assert _book(api, 1)[0] == 201
    assert api.get(f"/offices/{OFFICE}")[1]["proof_of_work"] is False


def test_the_opening_minutes_ask_their_own_cost_and_refuse_a_cheaper_challenge_from_before(
    seed, api: Api, now: MoveClock
) -> None:
    # Given Tegal asks 5 tries, and 60 while a new day has just opened (no lottery: 15 minutes)
    seed(tegal(challenge_cost=5, challenge_cost_opening=60))
    # Wednesday 00:00 WIB: the window is Wednesday and Thursday, and Thursday is not open yet
    midnight = dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.UTC)
    now(midnight)
    status, cheap = api.get(f"/offices/{OFFICE}/challenge")
    assert cheap["parameters"]["data"]["cost"] == 5

    # When the scheduled run opens Thursday at 00:05
    now(midnight + dt.timedelta(minutes=5))
    OPEN_DAYS.lambda_handler({}, lambda_context())

    # Then a challenge costs 60 tries, and the one solved before the opening is refused
    assert api.get(f"/offices/{OFFICE}/challenge")[1]["parameters"]["data"]["cost"] == 60
    status, body = api.post(f"/offices/{OFFICE}/bookings", booking_body(1, THURSDAY), headers={HEADER: solve(cheap)})
    assert status == 403
    _refused(body, "challenge_expired")
    status, booked = api.post(
        f"/offices/{OFFICE}/bookings", booking_body(1, THURSDAY), headers=solved_header(api.get, OFFICE)
    )
    assert status == 201, booked
    # and fifteen minutes after the opening, 5 again
    now(midnight + dt.timedelta(minutes=20))
    assert api.get(f"/offices/{OFFICE}/challenge")[1]["parameters"]["data"]["cost"] == 5


def test_a_reschedule_needs_a_solution_too(seed, api: Api, aws: Any) -> None:
    seed(tegal(booking_window_days=3))
    status, booked = _book(api, 1, solved_header(api.get, OFFICE))
    assert status == 201, booked
    move = {"nik": nik(1), "contact": phone(1), "date": THURSDAY, "session": "A"}
    path = f"/bookings/{booked['registration_number']}/reschedule"
    before = _table(aws)

    status, body = api.post(path, move)

    assert status == 428
    _refused(body, "challenge_required")
    assert _table(aws) == before
    status, moved = api.post(path, move, headers=solved_header(api.get, OFFICE))
    assert status == 200, moved
    assert moved["date"] == THURSDAY


def test_a_complaint_needs_a_solution_too(seed, api: Api, aws: Any) -> None:
    seed(tegal())
    status, booked = _book(api, 1, solved_header(api.get, OFFICE))
    assert status == 201, booked
    complaint = {"nik": nik(1), "kind": "complaint", "category": "touts_levies", "text": "Ada calo di depan kantor."}
    path = f"/bookings/{booked['registration_number']}/complaints"
    before = _table(aws)

    status, body = api.post(path, complaint)

    assert status == 428
    _refused(body, "challenge_required")
    assert _table(aws) == before
    status, filed = api.post(path, complaint, headers=solved_header(api.get, OFFICE))
    assert status == 201, filed


def test_a_supervisor_sets_the_cost_and_the_opening_cost_and_new_challenges_ask_it(
    seed, api: Api, staff: Any, now: MoveClock
) -> None:
    seed(tegal(challenge_cost=0))
    supervisor = staff("supervisor-tegal")
    current = supervisor.get(f"/staff/offices/{OFFICE}/config")[1]
    assert (current["config"]["challenge_cost"], current["config"]["challenge_cost_opening"]) == (0, None)

    def put(**changes: Any) -> tuple[int, Any]:
        body = {"version": current["version"], "config": {**current["config"], **changes}}
        return supervisor.put(f"/staff/offices/{OFFICE}/config", body)

    assert put(challenge_cost=20_001)[0] == 422
    status, saved = put(challenge_cost=40, challenge_cost_opening=400)
    assert status == 200, saved
    assert (saved["config"]["challenge_cost"], saved["config"]["challenge_cost_opening"]) == (40, 400)
    # the seed opened the days at NOW: the opening minutes run until 07:15, then the usual cost
    assert api.get(f"/offices/{OFFICE}/challenge")[1]["parameters"]["data"]["cost"] == 400
    now(NOW + dt.timedelta(minutes=16))
    assert api.get(f"/offices/{OFFICE}/challenge")[1]["parameters"]["data"]["cost"] == 40
