"""What a restored environment renews, for a function that keeps no NIK (the scan intake)."""

from __future__ import annotations

import pytest

from antrean import snapstart


def test_a_function_without_the_nik_key_renews_without_reading_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a function whose environment names no NIK key secret (the scan intake's)
    monkeypatch.delenv("NIK_KEY_SECRET", raising=False)

    def read_keys() -> None:
        raise AssertionError("the keys were read")

    monkeypatch.setattr(snapstart, "hash_keys", read_keys)

    # When it is restored
    snapstart.renew()

    # Then it does not try to read the keys, and logs no error about them
    assert "could not read the NIK keys" not in capsys.readouterr().out
