"""What a process keeps between requests (AWS clients, settings, the NIK keys, offices' rules, a
few seconds of recent answers), registered here so that all of it can be forgotten at once: a
test starts each case from a new table, and a process that must not reuse what it holds (a
restored snapshot, a rotated key) forgets it in one call."""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import TypeVar

T = TypeVar("T")
F = TypeVar("F", bound=Callable[[], None])
_FORGETTERS: list[Callable[[], None]] = []


def kept(make: Callable[[], T]) -> _lru_cache_wrapper[T]:
    """`make()`, made on first use and kept until forget_all()."""
    cached = lru_cache(maxsize=1)(make)
    _FORGETTERS.append(cached.cache_clear)
    return cached


def forgets(forget: F) -> F:
    """Register a module's own way of forgetting what it keeps (forget_all() calls it)."""
    _FORGETTERS.append(forget)
    return forget


def forget_all() -> None:
    """Forget everything the process keeps: the next use reads or makes it again."""
    for forget in _FORGETTERS:
        forget()
