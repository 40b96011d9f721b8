"""Phone verification's daily cap per office under real concurrency, over HTTP on DynamoDB Local
(which, unlike moto, locks): 100 requests for codes at once, each for its own phone number and from
its own client address (so only the office's cap can stop them), send exactly the cap's codes."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from antrean.logic import offices
from antrean.rules.calendar import office_now
from antrean.store import store
from tests.support.factories import all_day_office, phone
from tests.support.http_clients import Http, next_serial
from tests.support.stack import in_process

OFFICE = "e2e-phone-cap"
CAP, REQUESTS = 30, 100


def _post_from(base_url: str, address: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A POST whose TCP connection starts at `address` (a loopback address of its own: the
    gateway's requestContext.identity.sourceIp, as API Gateway's would be the client's)."""
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(
        url.hostname or "127.0.0.1", url.port, timeout=60, source_address=(address, 0)
    )
    try:
        connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def _codes_sent(http_: Http) -> int:
    messages = http_.get("/__local/messages.json").json()["messages"]
    return sum(1 for m in messages if "kode verifikasi Antrean" in m["text"])


def test_the_office_cap_holds_under_100_concurrent_requests_for_codes(http: Http, local_stack) -> None:
    # Given an office that verifies phones and sends at most CAP codes a day
    office = all_day_office(OFFICE, 0).model_copy(
        update={"phone_verification": True, "verification_codes_per_day": CAP, "challenge_cost": 0}
    )
    with in_process(local_stack):
        offices.save_offices([office])
    before = _codes_sent(http)
    serials = [next_serial() for _ in range(REQUESTS)]
    start = threading.Barrier(REQUESTS)

    def ask(index: int) -> tuple[int, dict[str, Any]]:
        start.wait(timeout=60)
        address = f"127.0.{1 + index // 200}.{1 + index % 200}"
        return _post_from(http.base_url, address, f"/offices/{OFFICE}/phone-codes", {"phone": phone(serials[index])})

    # When 100 citizens ask for a code at once
    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        answers = list(pool.map(ask, range(REQUESTS)))

    # Then exactly CAP codes went out, and every other request was refused by the cap
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: CAP, 429: REQUESTS - CAP}, answers
    assert {body["error"]["code"] for status, body in answers if status == 429} == {"phone_codes_exhausted"}
    today = office_now(office, dt.datetime.now(dt.UTC)).date()
    with in_process(local_stack, "PublicApiFunction"):
        assert store().phone_codes.office_codes(OFFICE, today) == CAP
    assert _codes_sent(http) - before == CAP
