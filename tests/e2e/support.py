"""Helpers for tests against the running local stack: real HTTP, real clock."""

from __future__ import annotations

import itertools
from typing import Any

import requests

_serials = itertools.count(1000)


def next_serial() -> int:
    """A NIK serial no other e2e test has used in this session."""
    return next(_serials)


class Http:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.base_url + path, timeout=30, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self.base_url + path, timeout=30, **kwargs)

    def open_days(self, office_id: str) -> list[dict[str, Any]]:
        """The office's open days whose sessions can all still be booked, earliest first."""
        response = self.get(f"/offices/{office_id}/availability")
        assert response.status_code == 200, response.text
        return [
            d
            for d in response.json()["days"]
            if d["state"] == "open" and d["sessions"] and all(s["bookable"] for s in d["sessions"])
        ]

    def left(self, office_id: str, day: str, session: str = "A") -> int:
        body = self.get(f"/offices/{office_id}/availability", params={"from": day, "to": day}).json()
        return int(next(s["left"] for s in body["days"][0]["sessions"] if s["session"] == session))
