"""Offices and their rules, read through a short in-memory cache (rules change rarely and every
public request needs them; a stale minute is harmless because claims are checked by the store)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from antrean.caches import stale_after_restore
from antrean.domain import Office
from antrean.errors import OfficeNotFound
from antrean.store import store

CACHE_SECONDS = 60.0
#: An office id the cache does not know is looked for in the table again, at most this often: an
#: office added since is served at once, and requests naming no office cost at most one read a second.
MISS_RECHECK_SECONDS = 1.0
_cache: tuple[float, dict[str, Office]] | None = None


def _offices(fresher_than: float = CACHE_SECONDS) -> dict[str, Office]:
    """Every office by id, read at most `fresher_than` seconds ago. A table without offices is not
    kept: it has not been seeded yet (a new deployment, a local stack whose workers started
    first), and the offices must be seen as soon as they are written, not a minute later."""
    global _cache
    if _cache is None or time.monotonic() - _cache[0] > fresher_than:
        found = {o.office_id: o for o in store().offices.all()}
        if not found:
            return found
        _cache = (time.monotonic(), found)
    return _cache[1]


def list_offices() -> list[Office]:
    """Every office, by name."""
    return sorted(_offices().values(), key=lambda o: o.name)


def get_office(office_id: str) -> Office:
    """The office's rules; OfficeNotFound when there is no such office (looked for again in the
    table when the cache does not know it, at most once every MISS_RECHECK_SECONDS)."""
    office = _offices().get(office_id) or _offices(fresher_than=MISS_RECHECK_SECONDS).get(office_id)
    if office is None:
        raise OfficeNotFound(office_id=office_id)
    return office


@stale_after_restore
def forget() -> None:
    """Drop the cache (after a supervisor's change, in the function that made it)."""
    global _cache
    _cache = None


def save_offices(offices: Iterable[Office]) -> int:
    """Write office rules (the seed of demo or real offices), except those a supervisor has
    changed since. Returns how many were written."""
    global _cache
    count = 0
    for office in offices:
        count += store().offices.seed(office)
    _cache = None
    return count
