"""Registration numbers: hard to guess, short enough to read aloud over a counter.

Ten characters of Crockford's base 32 (no I, L, O, U: nothing to confuse with 1, 0 or V),
shown as XXXXX-XXXXX: nine random characters (45 bits) and one check character, so that a
mistyped number is told apart from an unknown one without a database read.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_WEIGHTS = (1, 3, 5, 7, 9, 11, 13, 15, 17)  # odd: every single-character slip changes the check
RANDOM_LENGTH = len(_WEIGHTS)
#: What parse_registration_number takes, but for the check character: ten characters of the
#: alphabet or its aliases (any case, no U), with spaces and hyphens anywhere. ASCII only: upper()
#: would turn other scripts' letters into ours (the dotless i into I, the long s into S).
SHAPE_PATTERN = r"^[ -]*(?:[0-9A-TV-Za-tv-z][ -]*){10}$"
_SHAPE = re.compile(SHAPE_PATTERN.removeprefix("^").removesuffix("$"))


def _check_char(body: str) -> str:
    return ALPHABET[sum(w * _VALUE[c] for w, c in zip(_WEIGHTS, body, strict=True)) % 32]


def new_registration_number() -> str:
    """A fresh random registration number, e.g. `7KQM3-XD9PZ`."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return format_registration_number(body + _check_char(body))


def format_registration_number(compact: str) -> str:
    return f"{compact[:5]}-{compact[5:]}"


def parse_registration_number(raw: str) -> str | None:
    """Normalise what a citizen typed (any case, spaces, hyphens, O for 0) or None if invalid."""
    if not _SHAPE.fullmatch(raw):
        return None
    compact = raw.upper().replace("-", "").replace(" ", "").translate(_ALIASES)
    if len(compact) != RANDOM_LENGTH + 1 or any(c not in _VALUE for c in compact):
        return None
    if _check_char(compact[:-1]) != compact[-1]:
        return None
    return format_registration_number(compact)
