"""An office that never issues walk-in numbers says so, at every hour (issue 14, item 13: Bogor,
whose walk-in cap is 0, answered "tidak dilayani saat ini", as if it would at another time)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.clock import NOW
from tests.support.factories import nik, small
from tests.support.handlers import Staff


@pytest.mark.parametrize("hours_after_seven", [2, 6, 15], ids=["09:00 WIB", "13:00 WIB", "22:00 WIB"])
def test_bogor_refuses_walk_ins_as_not_offered_at_any_hour(seed, staff: Staff, now, hours_after_seven: int) -> None:
    # Given Bogor, which takes no walk-ins (walk_in_cap 0, no released places)
    seed(small("bogor"))
    now(NOW + dt.timedelta(hours=hours_after_seven))

    # When an operator asks for a walk-in number
    status, body = staff("operator-bogor").post(
        "/staff/offices/bogor/walk-ins", {"service": "ktp_el", "nik": nik(1), "name": "Ahmad"}
    )

    # Then the refusal says the office does not take walk-ins, not that it does not take them now
    assert status == 409, body
    error = body["error"]
    assert error["code"] == "walk_ins_closed"  # the portal offers the desk booking instead, as before
    assert error["message_id"] == "Kantor ini tidak melayani antrean langsung; daftarkan warga ke hari buka berikutnya."
    assert "saat ini" not in error["message_id"]
    assert "hours" not in error
