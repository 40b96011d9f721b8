"""What the local stack keeps across a restart: DynamoDB Local keeps its data directory, so
bookings are still there; moto keeps the user pool in memory only, so the stack keeps its users
itself, and each person still matches their staff record (cognito:<sub>) and signs in as before.

One stack, started twice: a start costs more than both checks together."""

from __future__ import annotations

import pytest

from antrean_local.launcher import fresh_stack, restarted_stack
from scripts import staff
from tests.support.factories import booking_body
from tests.support.http_clients import Http, StaffApi, first_sign_in, next_serial, signed_in_credentials
from tests.support.stack import AUXILIARY_WINDOW_DAYS

SUPERVISOR = "supervisor-tegal"
LEAVER, KEEPER = "e2e-leaver", "e2e-keeper"
CLERK = {"name": "Petugas Uji", "role": "operator"}
NEW_PASSWORD = "Sandi-baru-e2e-2026"


def test_bookings_and_people_are_the_same_after_a_restart(tmp_path_factory: pytest.TempPathFactory) -> None:
    data_dir = tmp_path_factory.mktemp("restarted-stack")
    consoles = tmp_path_factory.mktemp("restarted-stack-console")
    # Given a booking; a supervisor (TOTP) and an account they made, signed in once, and one they disabled
    with fresh_stack(data_dir, consoles / "first.log", workers=1, window_days=AUXILIARY_WINDOW_DAYS) as stack:
        http = Http(stack.base_url)
        days = http.open_days("tegal")
        assert 0 < len(days) <= AUXILIARY_WINDOW_DAYS  # the stack's --window-days: fewer days to open
        day = days[0]["date"]
        booked = http.post("/offices/tegal/bookings", json=booking_body(next_serial(), day))
        assert booked.status_code == 201, booked.text
        api = StaffApi.of(stack)
        supervisor = api.call(SUPERVISOR, "GET", "/staff/me").json()
        made = api.call(SUPERVISOR, "POST", "/staff/offices/tegal/accounts", {"username": KEEPER, **CLERK})
        assert made.status_code == 201, made.text
        first_sign_in(stack, KEEPER, made.json()["temporary_password"], NEW_PASSWORD)
        kept_credentials = signed_in_credentials(stack, KEEPER, NEW_PASSWORD)
        keeper = api.call_with(kept_credentials, "GET", "/staff/me").json()
        gone = api.call(SUPERVISOR, "POST", "/staff/offices/tegal/accounts", {"username": LEAVER, **CLERK})
        assert api.call(SUPERVISOR, "POST", f"/staff/offices/tegal/accounts/{LEAVER}/disable").status_code == 200
    staff.forget_credentials(data_dir)  # sign in again after the restart

    # When the stack starts again on the same data
    with restarted_stack(data_dir, consoles / "again.log", workers=1, window_days=AUXILIARY_WINDOW_DAYS) as stack:
        again = Http(stack.base_url).get(f"/bookings/{booked.json()['registration_number']}")
        api = StaffApi.of(stack)

        # Then the booking is there, with its queue number
        assert again.status_code == 200
        assert again.json()["queue_number"] == booked.json()["queue_number"]
        # ... the supervisor signs in with the same password and code secret, as the same person
        assert api.call(SUPERVISOR, "GET", "/staff/me").json() == supervisor
        # ... credentials issued before the restart still sign, for the same person
        assert api.call_with(kept_credentials, "GET", "/staff/me").json() == keeper
        # ... the new account signs in with the password it chose, as the same person
        renewed = signed_in_credentials(stack, KEEPER, NEW_PASSWORD)
        assert api.call_with(renewed, "GET", "/staff/me").json()["principal"] == keeper["principal"]
        # ... and the disabled one stays disabled
        with pytest.raises(staff.UsageError, match="User is disabled"):
            signed_in_credentials(stack, LEAVER, gone.json()["temporary_password"])
