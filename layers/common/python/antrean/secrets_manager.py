"""Secrets Manager: the only module that reads secrets (the keys of the NIK pseudonyms and of the
proof-of-work challenges), and the ring that keeps a rotating key for a while."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import boto3
from botocore.config import Config

from antrean.caches import kept


@kept
def client() -> Any:
    """The process's Secrets Manager client (made once: a client costs tens of milliseconds)."""
    return boto3.client(
        "secretsmanager", config=Config(connect_timeout=2, read_timeout=3, retries={"mode": "standard"})
    )


def secret_versions(secret_id: str, stages: tuple[str, ...]) -> list[bytes]:
    """The secret's values at these version stages, in their order, each version once; stages
    without a version are left out, except the first (AWSCURRENT), which must exist."""
    secrets = client()
    found: dict[str, bytes] = {}
    for stage in stages:
        try:
            value = secrets.get_secret_value(SecretId=secret_id, VersionStage=stage)
        except secrets.exceptions.ResourceNotFoundException:
            if stage == stages[0]:
                raise
            continue  # no rotation in progress
        found.setdefault(value["VersionId"], value["SecretString"].encode())
    return list(found.values())


K = TypeVar("K")
#: A rotating key's version stages: AWSCURRENT is used, AWSPENDING and AWSPREVIOUS only accepted.
ROTATION_STAGES = ("AWSCURRENT", "AWSPENDING", "AWSPREVIOUS")
#: How long a process keeps a rotating key before reading it again (a rotation's waiting time).
KEYS_MAX_AGE_S = 300.0


class KeyRing(Generic[K]):
    """The keys `make(current, others)` builds from a rotating secret's versions: read at first use
    and again once KEYS_MAX_AGE_S old, or after forget(). Safe to share between threads."""

    def __init__(self, secret_id: Callable[[], str], make: Callable[[bytes, tuple[bytes, ...]], K]) -> None:
        self._secret_id = secret_id
        self._make = make
        self._lock = threading.Lock()
        self._keys: K | None = None
        self._read_at = 0.0

    def keys(self) -> K:
        with self._lock:
            if self._keys is None or time.monotonic() - self._read_at > KEYS_MAX_AGE_S:
                current, *others = secret_versions(self._secret_id(), ROTATION_STAGES)
                self._keys = self._make(current, tuple(others))
                self._read_at = time.monotonic()
            return self._keys

    def forget(self) -> None:
        with self._lock:
            self._keys = None
