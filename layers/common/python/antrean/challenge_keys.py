"""The keys that sign the proof-of-work challenges (domain.challenge): from a Secrets Manager secret
of their own (template.yaml's ChallengeKeySecret; the local stack's is a fixed, non-secret value).

Two keys are derived from the secret's value, as the ALTCHA library wants two (domain.challenge's
SigningKey). A rotation uses the secret's version stages: AWSCURRENT signs, AWSPENDING and
AWSPREVIOUS are only accepted, so a challenge given out just before a rotation, or by a function
that has not read the new key yet, is still good for the few minutes it lives.
"""

from __future__ import annotations

import threading
import time

from antrean.caches import stale_after_restore
from antrean.config import challenge_key_settings
from antrean.domain.challenge import ChallengeKeys, SigningKey
from antrean.secrets_manager import secret_versions

# How long a function keeps the keys before reading them again (a rotation's waiting time).
KEYS_MAX_AGE_S = 300.0
_STAGES = ("AWSCURRENT", "AWSPENDING", "AWSPREVIOUS")


class _KeyRing:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: ChallengeKeys | None = None
        self._read_at = 0.0

    def keys(self) -> ChallengeKeys:
        with self._lock:
            if self._keys is None or time.monotonic() - self._read_at > KEYS_MAX_AGE_S:
                current, *others = secret_versions(challenge_key_settings().challenge_key_secret, _STAGES)
                self._keys = ChallengeKeys(SigningKey.of(current), tuple(map(SigningKey.of, others)))
                self._read_at = time.monotonic()
            return self._keys

    def forget(self) -> None:
        with self._lock:
            self._keys = None


_RING = _KeyRing()


def challenge_keys() -> ChallengeKeys:
    """The keys of this process, read from Secrets Manager at first use and every five minutes."""
    return _RING.keys()


@stale_after_restore
def forget_challenge_keys() -> None:
    """Read the keys again at the next use (after a SnapStart restore; tests)."""
    _RING.forget()
