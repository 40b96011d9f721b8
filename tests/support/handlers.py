"""The functions the in-process tests call, and clients that call the two APIs' handlers as API
Gateway would. Each function is loaded here once: load_function executes functions/<name>/app.py
anew at every call, and two copies of a handler would keep two sets of module state."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from antrean_local.modules import load_function
from antrean_local.workers import LambdaContext
from tests.support.factories import api_event, identity, principal

PUBLIC_API = load_function("public_api")
OPEN_DAYS = load_function("open_days")
STAFF_API = load_function("staff_api")
CLOSE_DAY = load_function("close_day")
SCAN_INTAKE = load_function("scan_intake")
NOTIFIER = load_function("notifier")
REMINDERS = load_function("reminders")


def lambda_context() -> LambdaContext:
    return LambdaContext.starting_now("test")


class Api:
    """Calls the public API handler the way API Gateway would, and decodes the answer."""

    function = PUBLIC_API

    def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any, dict[str, str]]:
        response = self.function.lambda_handler(api_event(method, path, **kwargs), lambda_context())
        body = json.loads(response["body"]) if response.get("body") else None
        headers = {**response.get("headers", {}), **{k: v[0] for k, v in response.get("multiValueHeaders", {}).items()}}
        return response["statusCode"], body, headers

    def get(self, path: str, **kwargs: Any) -> tuple[int, Any]:
        status, body, _ = self.call("GET", path, **kwargs)
        return status, body

    def post(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any]:
        status, body, _ = self.call("POST", path, body=body, **kwargs)
        return status, body

    def left(self, office_id: str, day: str, session: str = "A", service: str | None = None) -> int:
        query = {"from": day, "to": day, **({"service": service} if service else {})}
        status, body = self.get(f"/offices/{office_id}/availability", query=query)
        assert status == 200, body
        return next(s["left"] for s in body["days"][0]["sessions"] if s["session"] == session)


class StaffApi(Api):
    """Calls the staff API handler as one signed-in staff member (API Gateway has checked the
    signature and put the identity pool's fields of the person in requestContext.identity)."""

    function = STAFF_API

    def __init__(self, user: str | None, person: str | None = None) -> None:
        """`user`: a demo staff member's username; `person`: another principal (``cognito:<sub>``)."""
        self.principal = person or (principal(user) if user else None)

    def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any, dict[str, str]]:
        return super().call(method, path, signer=identity(self.principal), **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any]:
        status, body, _ = self.call("PUT", path, body=body, **kwargs)
        return status, body


#: The `staff` fixture's value: `staff("operator-tegal")` is the staff API as that staff member.
Staff = Callable[[str | None], StaffApi]
