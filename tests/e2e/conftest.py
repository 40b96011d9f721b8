"""Real HTTP against the whole local stack (DynamoDB Local, moto's server, the local gateway),
started once per test session by `python -m antrean_local run` on free ports in a fresh data dir.

Every test in this folder is marked `e2e` (`pytest -m "not e2e"` skips them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from antrean_local import LocalStackError
from antrean_local.launcher import LocalStack, fresh_stack
from tests.support.http_clients import Http
from tests.support.stack import AUXILIARY_WINDOW_DAYS

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def local_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """The whole stack, ready: `base_url`, `ddb_endpoint`, `moto_endpoint`, `client(service)`.

    A failed seed, handler import or start-time schedule fails the session's first e2e test with
    the stack's console and log, instead of letting every test fail on its own."""
    data_dir = tmp_path_factory.mktemp("local-stack")
    console = tmp_path_factory.mktemp("local-stack-console") / "console.log"  # the stack owns data_dir
    failure = None
    try:
        with fresh_stack(data_dir, console) as stack:
            yield stack
    except LocalStackError as error:  # raised while starting only: tests' errors never come back here
        failure = str(error)
    if failure:
        pytest.fail(failure, pytrace=False)  # outside `except`: the report shows the message once


#: How long the identity pool's credentials last on the short-credentials stack (AWS's: an hour).
SHORT_CREDENTIAL_SECONDS = 20


@pytest.fixture(scope="session")
def short_credentials_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """A second stack, for the tests that wait out the staff's temporary credentials: its identity
    pool issues them for SHORT_CREDENTIAL_SECONDS (`--credential-seconds`). One worker per
    function, so that an office's changed rules are seen at the next call (each worker process
    keeps the rules it read for up to a minute), and AUXILIARY_WINDOW_DAYS of days opened. Shared
    by the expiry test over HTTP and the portal's renewal tests in Chromium."""
    data_dir = tmp_path_factory.mktemp("short-credentials-stack")
    console = tmp_path_factory.mktemp("short-credentials-console") / "console.log"
    failure = None
    try:
        with fresh_stack(
            data_dir, console, workers=1, credential_seconds=SHORT_CREDENTIAL_SECONDS, window_days=AUXILIARY_WINDOW_DAYS
        ) as stack:
            yield stack
    except LocalStackError as error:  # raised while starting only
        failure = str(error)
    if failure:
        pytest.fail(failure, pytrace=False)


@pytest.fixture(scope="module")
def http(local_stack: LocalStack) -> Http:
    """The session stack's public API, one HTTP session per test module."""
    return Http(local_stack.base_url)
