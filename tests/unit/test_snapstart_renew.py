"""What priming leaves in the snapshot's logger, and what a restored environment renews for a
function that keeps no NIK (the scan intake)."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from antrean import snapstart
from antrean.observability import logger, metrics


@pytest.fixture
def log() -> Iterator[io.StringIO]:
    """What the process's logger writes."""
    handler: Any = logger.registered_handler
    written, level = io.StringIO(), logger.log_level
    handler.setStream(written)
    try:
        yield written
    finally:
        handler.setStream(sys.stdout)
        logger.setLevel(level)


def test_priming_through_the_handler_leaves_the_first_invocation_a_cold_start_with_its_own_keys(
    monkeypatch: pytest.MonkeyPatch, log: io.StringIO
) -> None:
    # Given a handler wrapped as the APIs' are, a process without AWS clients (nothing here asks
    # AWS), and an environment that may write metrics
    for getter in ("store", "scan_store"):
        monkeypatch.setattr(snapstart, getter, lambda: SimpleNamespace(client=None, table=SimpleNamespace(client=None)))
    monkeypatch.setattr(snapstart.secrets_manager, "client", lambda: None)
    monkeypatch.setattr(snapstart, "answered_from_memory", lambda *_: contextlib.nullcontext())
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "Test")
    logger.setLevel("INFO")  # put back by the `log` fixture

    @logger.inject_lambda_context
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        logger.info("handled", extra={"event": event.get("name")})
        return {}

    context = SimpleNamespace(
        function_name="real",
        function_version="1",
        invoked_function_arn="arn:aws:lambda:ap-southeast-3:000000000000:function:real:live",
        memory_limit_in_mb=512,
        aws_request_id="real-request",
    )

    # When priming runs a request through it, then the snapshot's first real invocation comes
    snapstart.primed(lambda: None, handler=handler, event=lambda: {"name": "priming"})
    primed_lines = log.getvalue().splitlines()
    handler({"name": "real"}, context)

    # Then priming wrote no metric (no EMF document), and its last line carries none of the made-up
    # invocation's keys; the real invocation is logged as the cold start it is, with its own keys
    assert not any("_aws" in json.loads(line) for line in primed_lines)
    assert json.loads(primed_lines[-1])["message"] == "primed for the snapshot"
    assert "function_name" not in json.loads(primed_lines[-1])
    first = json.loads(log.getvalue().splitlines()[-1])
    assert (first["message"], first["cold_start"], first["function_request_id"]) == ("handled", True, "real-request")


def test_a_function_without_the_nik_key_renews_without_reading_it(
    monkeypatch: pytest.MonkeyPatch, log: io.StringIO
) -> None:
    # Given a function whose environment names no NIK key secret (the scan intake's)
    monkeypatch.delenv("NIK_KEY_SECRET", raising=False)
    read: list[bool] = []
    monkeypatch.setattr(snapstart, "hash_keys", lambda: read.append(True))
    rules: list[bool] = []
    monkeypatch.setattr(snapstart, "list_offices", lambda: rules.append(True))

    # When it is restored
    snapstart.renew()

    # Then it does not try to read the keys, and logs no error about them; it reads the offices'
    # rules again (the intake checks an upload against its office's bounds)
    assert read == []
    assert rules == [True]
    assert "could not read the NIK keys" not in log.getvalue()
