"""The proof of work (ALTCHA) as an API client does it: fetch a challenge of the office, solve it
with the altcha library's solver, and send the solution in the X-Altcha header. For the tests that
book at an office that asks for one; the others book where the cost is 0 and need none."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from altcha import Challenge, Payload, solve_challenge

HEADER = "X-Altcha"


def solve(challenge: dict[str, Any]) -> str:
    """The solution of a challenge as the API answered it, base64 as the widget sends it."""
    parsed = Challenge.from_dict(challenge)
    solution = solve_challenge(parsed, timeout=30)
    assert solution is not None, "no solution within 30 s"
    return Payload(parsed, solution).to_base64()


def solved_header(get: Callable[[str], tuple[int, Any]], office_id: str) -> dict[str, str]:
    """The X-Altcha header of a fresh challenge of the office; `get(path)` -> (status, body)."""
    status, challenge = get(f"/offices/{office_id}/challenge")
    assert status == 200, challenge
    return {HEADER: solve(challenge)}


def tampered(solution: str, **data: Any) -> str:
    """The solution with its challenge's signed data changed (as a client lowering the work or
    moving the expiry would): the signature no longer fits."""
    payload = json.loads(base64.b64decode(solution))
    payload["challenge"]["parameters"]["data"].update(data)
    return base64.b64encode(json.dumps(payload).encode()).decode()
