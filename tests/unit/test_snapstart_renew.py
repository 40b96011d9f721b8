"""What a restored environment renews, for a function that keeps no NIK (the scan intake)."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest

from antrean import snapstart
from antrean.observability import logger


def test_a_function_without_the_nik_key_renews_without_reading_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a function whose environment names no NIK key secret (the scan intake's)
    monkeypatch.delenv("NIK_KEY_SECRET", raising=False)
    read: list[bool] = []
    monkeypatch.setattr(snapstart, "hash_keys", lambda: read.append(True))
    rules: list[bool] = []
    monkeypatch.setattr(snapstart, "list_offices", lambda: rules.append(True))
    handler: Any = logger.registered_handler
    log = io.StringIO()
    handler.setStream(log)

    # When it is restored
    try:
        snapstart.renew()
    finally:
        handler.setStream(sys.stdout)

    # Then it does not try to read the keys, and logs no error about them; it reads the offices'
    # rules again (the intake checks an upload against its office's bounds)
    assert read == []
    assert rules == [True]
    assert "could not read the NIK keys" not in log.getvalue()
