"""What a process keeps between requests, registered here so that it can be forgotten in one call.

Two kinds, because a SnapStart snapshot freezes the process after init and many environments
resume from it:
- `kept`: made once and valid for the life of the process, snapshot included. The AWS clients
  (they open no connection before the first request, and refresh their own credentials) and the
  settings (the function version's environment).
- `stale_after_restore`: what must not be shared between environments or carried across the time
  a snapshot waits: the NIK keys (a secret, and it may have rotated), offices' rules and the recent
  answers (kept for seconds, by the monotonic clock).

`forget_stale()` runs after every restore (antrean.snapstart); `forget_all()` is for tests, which
start each case from a new table."""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import TypeVar

T = TypeVar("T")
F = TypeVar("F", bound=Callable[[], None])
_ALL: list[Callable[[], None]] = []
_STALE: list[Callable[[], None]] = []


def kept(make: Callable[[], T]) -> _lru_cache_wrapper[T]:
    """`make()`, made on first use and kept for the life of the process (until forget_all())."""
    cached = lru_cache(maxsize=1)(make)
    _ALL.append(cached.cache_clear)
    return cached


def forgets(forget: F) -> F:
    """Register a module's own way of forgetting what it keeps (forget_all() calls it)."""
    _ALL.append(forget)
    return forget


def stale_after_restore(forget: F) -> F:
    """Register a module's way of forgetting what a restored environment must not reuse (both
    forget_stale() and forget_all() call it)."""
    _STALE.append(forget)
    return forgets(forget)


def forget_stale() -> None:
    """Forget what a restored snapshot must not reuse: the next use reads or makes it again."""
    for forget in _STALE:
        forget()


def forget_all() -> None:
    """Forget everything the process keeps."""
    for forget in _ALL:
        forget()
