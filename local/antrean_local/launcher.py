"""Start the whole local stack as a child process and wait until it is ready: for the end-to-end
tests and the benchmarks, which want a fresh stack on free ports of their own."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from antrean_local import LocalStackError
from antrean_local.clients import local_client

ROOT = Path(__file__).resolve().parents[2]
#: How long a stack may take to answer its health check before the launcher gives up. Each worker
#: now also primes its function as SnapStart would, and on a 2-core machine running other suites an
#: eight-worker stack took over 180 s. Only a failed start waits this long.
STARTUP_TIMEOUT_S = 600
STOP_TIMEOUT_S = 30


@dataclass(frozen=True)
class LocalStack:
    """Where a running stack answers."""

    base_url: str
    ddb_endpoint: str
    moto_endpoint: str
    region: str
    data_dir: Path
    log_file: Path
    #: The scans bucket's local name, and the URLs of the scan events queue and its dead-letter queue.
    scans_bucket: str = ""
    scan_events_queue_url: str = ""
    scan_events_dlq_url: str = ""
    #: Every key, queue and bucket of the template: logical id -> what !Ref gives locally.
    resources: dict[str, str] = field(default_factory=dict)
    #: Staff sign-in: the user pool, its app client, the identity pool, and the gateway's endpoints.
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    identity_pool_id: str = ""
    cognito_idp_endpoint: str = ""
    cognito_identity_endpoint: str = ""

    def client(self, service: str) -> Any:
        """A boto3 client for the stack: DynamoDB Local for "dynamodb", moto for the others."""
        return local_client(service, self.ddb_endpoint if service == "dynamodb" else self.moto_endpoint, self.region)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(nothing written)"


def _healthy(base_url: str) -> bool:
    try:
        return requests.get(f"{base_url}/__local/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # the stack stops java and its workers itself
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen[bytes], stack_file: Path, console: Path) -> LocalStack:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        if stack_file.exists():
            info = json.loads(stack_file.read_text())
            if _healthy(info["base_url"]):
                return LocalStack(
                    base_url=info["base_url"],
                    ddb_endpoint=info["ddb_endpoint"],
                    moto_endpoint=info["moto_endpoint"],
                    region=info["region"],
                    data_dir=Path(info["data_dir"]),
                    log_file=Path(info["log_file"]),
                    scans_bucket=info.get("scans_bucket", ""),
                    scan_events_queue_url=info.get("scan_events_queue_url", ""),
                    scan_events_dlq_url=info.get("scan_events_dlq_url", ""),
                    resources=info.get("resources", {}),
                    user_pool_id=info.get("user_pool_id", ""),
                    user_pool_client_id=info.get("user_pool_client_id", ""),
                    identity_pool_id=info.get("identity_pool_id", ""),
                    cognito_idp_endpoint=info.get("cognito_idp_endpoint", ""),
                    cognito_identity_endpoint=info.get("cognito_identity_endpoint", ""),
                )
        time.sleep(0.5)
    state = f"exited with code {process.returncode}" if process.poll() is not None else "timed out"
    _stop(process)
    raise LocalStackError(
        f"the local stack did not become ready ({state} after up to {STARTUP_TIMEOUT_S} s)\n"
        f"--- console ({console}) ---\n{_tail(console)}\n"
        f"--- stack log ---\n{_tail(stack_file.parent / 'logs' / 'stack.log')}"
    )


def fresh_stack(
    data_dir: Path,
    console: Path,
    workers: int = 4,
    credential_seconds: int | None = None,
    window_days: int | None = None,
    parameters: dict[str, str] | None = None,
) -> contextlib.AbstractContextManager[LocalStack]:
    """A whole stack on free ports in an empty `data_dir`, stopped on exit. `console` must lie
    outside `data_dir` (the stack owns that folder). `credential_seconds`: how long the identity
    pool's credentials last (default an hour); `window_days`: how many days ahead each demo office
    books (default its own window: opening them is most of a start's time); `parameters`: template
    parameters given other values than their Default."""
    return _stack(data_dir, console, workers, True, credential_seconds, window_days, parameters)


def restarted_stack(
    data_dir: Path,
    console: Path,
    workers: int = 4,
    credential_seconds: int | None = None,
    window_days: int | None = None,
) -> contextlib.AbstractContextManager[LocalStack]:
    """The stack again on the data of an earlier one, as `make run` after a restart."""
    return _stack(data_dir, console, workers, False, credential_seconds, window_days)


@contextlib.contextmanager
def _stack(
    data_dir: Path,
    console: Path,
    workers: int,
    fresh: bool,
    credential_seconds: int | None = None,
    window_days: int | None = None,
    parameters: dict[str, str] | None = None,
) -> Iterator[LocalStack]:
    # --strict makes a failed seed, handler import or start-time schedule fatal.
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "local"), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "antrean_local", "run", "--port", "0", "--ddb-port", "0", "--moto-port", "0"]
    command += ["--data-dir", str(data_dir), "--workers", str(workers), "--strict", *(["--fresh"] if fresh else [])]
    if credential_seconds is not None:
        command += ["--credential-seconds", str(credential_seconds)]
    if window_days is not None:
        command += ["--window-days", str(window_days)]
    for name, value in (parameters or {}).items():
        command += ["--parameter", f"{name}={value}"]
    with console.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield _wait_until_ready(process, data_dir / "stack.json", console)
    finally:
        _stop(process)
