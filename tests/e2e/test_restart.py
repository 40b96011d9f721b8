"""Bookings survive a restart of the local stack: DynamoDB Local keeps its data directory."""

from __future__ import annotations

from antrean_local.launcher import fresh_stack, restarted_stack
from tests.support.factories import booking_body
from tests.support.http_clients import Http, next_serial


def test_a_booking_is_still_there_after_the_stack_restarts(tmp_path) -> None:
    data_dir = tmp_path / "stack"
    with fresh_stack(data_dir, tmp_path / "first.log") as stack:
        http = Http(stack.base_url)
        day = http.open_days("tegal")[0]["date"]
        booked = http.post("/offices/tegal/bookings", json=booking_body(next_serial(), day))
        assert booked.status_code == 201, booked.text

    with restarted_stack(data_dir, tmp_path / "second.log") as stack:
        again = Http(stack.base_url).get(f"/bookings/{booked.json()['registration_number']}")

    assert again.status_code == 200
    assert again.json()["queue_number"] == booked.json()["queue_number"]
