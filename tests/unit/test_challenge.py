"""The proof of work's rules (domain.challenge), without AWS: what a challenge asks and which
solutions pass, by the service's clock, not the machine's."""

from __future__ import annotations

import datetime as dt

import pytest
from altcha import Payload, solve_challenge

from antrean.domain.challenge import LIFETIME, ChallengeKeys, SigningKey, check, issue
from antrean.errors import ChallengeExpired, ChallengeInvalid, ChallengeRequired

# Long before the machine's clock: the library's own expiry check must play no part.
NOW = dt.datetime(2020, 1, 6, 1, 0, tzinfo=dt.UTC)
OLD, NEW = SigningKey.of(b"key before the rotation"), SigningKey.of(b"key after the rotation")


def solved(cost: int, key: SigningKey = NEW, office: str = "tegal") -> tuple[str, int]:
    """A solution, and the tries it took."""
    challenge = issue(office, cost, NOW, key)
    solution = solve_challenge(challenge)
    assert solution is not None
    return Payload(challenge, solution).to_base64(), solution.counter + 1


def test_a_challenge_takes_at_least_one_try_and_at_most_its_cost() -> None:
    tries = [solved(8)[1] for _ in range(40)]

    assert min(tries) >= 2  # the counter is drawn from 1..cost, and the search starts at 0
    assert max(tries) <= 9
    assert len(set(tries)) > 3  # drawn, not fixed


def test_a_solution_passes_until_its_expiry_by_the_service_clock() -> None:
    solution, _ = solved(3)
    keys = ChallengeKeys(NEW)

    passed = check(solution, "tegal", 3, NOW + LIFETIME - dt.timedelta(seconds=1), keys)

    assert passed.expires == NOW + LIFETIME
    with pytest.raises(ChallengeExpired):
        check(solution, "tegal", 3, NOW + LIFETIME, keys)


def test_a_challenge_signed_before_a_rotation_passes_while_the_old_key_is_accepted() -> None:
    solution, _ = solved(3, key=OLD)

    check(solution, "tegal", 3, NOW, ChallengeKeys(NEW, (OLD,)))
    with pytest.raises(ChallengeInvalid):
        check(solution, "tegal", 3, NOW, ChallengeKeys(NEW))


def test_a_challenge_asking_less_than_the_office_asks_now_is_refused_as_outdated() -> None:
    solution, _ = solved(3)

    with pytest.raises(ChallengeExpired):
        check(solution, "tegal", 4, NOW, ChallengeKeys(NEW))


@pytest.mark.parametrize("solution", [None, "", "%%%", "e30="])  # e30= is "{}"
def test_no_solution_or_an_unreadable_one_is_refused(solution: str | None) -> None:
    with pytest.raises(ChallengeRequired if not solution else ChallengeInvalid):
        check(solution, "tegal", 3, NOW, ChallengeKeys(NEW))
