"""The keys that sign the proof-of-work challenges (domain.challenge): from a Secrets Manager secret
of their own (template.yaml's ChallengeKeySecret; the local stack's is a fixed, non-secret value).

Two keys are derived from the secret's value, as the ALTCHA library wants two (domain.challenge's
SigningKey). A rotation uses the secret's version stages: AWSCURRENT signs, AWSPENDING and
AWSPREVIOUS are only accepted, so a challenge given out just before a rotation, or by a function
that has not read the new key yet, is still good for the few minutes it lives.
"""

from __future__ import annotations

from antrean.caches import stale_after_restore
from antrean.config import challenge_key_settings
from antrean.domain.challenge import ChallengeKeys, SigningKey
from antrean.secrets_manager import KeyRing


def _signing_keys(current: bytes, others: tuple[bytes, ...]) -> ChallengeKeys:
    return ChallengeKeys(SigningKey.of(current), tuple(map(SigningKey.of, others)))


_RING = KeyRing(lambda: challenge_key_settings().challenge_key_secret, _signing_keys)


def challenge_keys() -> ChallengeKeys:
    """The keys of this process, read from Secrets Manager at first use and every five minutes."""
    return _RING.keys()


@stale_after_restore
def forget_challenge_keys() -> None:
    """Read the keys again at the next use (after a SnapStart restore; tests)."""
    _RING.forget()
