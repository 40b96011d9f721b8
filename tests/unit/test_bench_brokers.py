"""The broker bench's arithmetic (bench/brokers.py): the shares, the crowd's arrivals, the
citizens' own source addresses and the hand-over simulation. The bench itself never runs in CI."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("bench_brokers", Path(__file__).parents[2] / "bench" / "brokers.py")
assert _SPEC is not None
assert _SPEC.loader is not None
brokers = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = brokers  # dataclasses look their module up
_SPEC.loader.exec_module(brokers)


def test_the_broker_may_get_its_share_of_the_crowd_and_no_more() -> None:
    assert brokers.crowd_share(200, 2000) == pytest.approx(0.0909, abs=1e-4)
    assert brokers.place_share(23, 250) == pytest.approx(0.092)
    assert brokers.place_share(0, 0) == 0.0


def test_arrivals_are_reproducible_sorted_and_spread_over_the_first_minutes() -> None:
    offsets = brokers.arrival_offsets(2000, seed=18)
    assert offsets == brokers.arrival_offsets(2000, seed=18)
    assert offsets == sorted(offsets)
    assert len(offsets) == 2000
    assert sum(1 for o in offsets if o <= 10) >= 800  # 40 % at the page when the day opens
    assert offsets[0] >= 0
    assert offsets[-1] <= 600


def test_every_citizen_has_its_own_loopback_address_never_the_brokers() -> None:
    addresses = {brokers.citizen_address(i) for i in range(2000)}
    assert len(addresses) == 2000
    assert brokers.BROKER_ADDRESS not in addresses
    assert all(a.startswith("127.") and 0 < int(a.split(".")[-1]) < 255 for a in addresses)


def test_without_a_delay_the_buyer_gets_the_handed_over_place_with_one_it_rarely_does() -> None:
    at_once = brokers.handover(0, 0, 5, 60, citizen_rate_per_min=1.0, trials=2000, seed=1)
    delayed = brokers.handover(120, 1200, 5, 60, citizen_rate_per_min=1.0, trials=2000, seed=1)
    assert at_once > 0.95
    assert delayed == 0.0
