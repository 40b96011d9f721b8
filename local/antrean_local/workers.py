"""A worker process as one function's Lambda container, running its handler one event at a time.

A worker's initializer plays Lambda's init phase: it sets exactly that function's environment,
puts the function's folder and layers on sys.path the way Lambda mounts them, and imports the
handler once. Handler output goes to the stack's log with the function's name on every line.
The workers of a function are started and fed by its FunctionPool (function_pool.py), in the
stack's process.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from antrean_local import LOCAL_ACCESS_KEY, REGION
from antrean_local.modules import load_module
from antrean_local.snapshot import restore, take_snapshot
from antrean_local.template import LOCAL_ACCOUNT_ID, FunctionSpec


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker process needs to become one function's Lambda container."""

    function_name: str
    code_dir: str
    handler: str
    #: Folders to put first on sys.path, in order (the function's code, then its layers).
    sys_path: tuple[str, ...]
    environment: dict[str, str]
    memory_mb: int
    timeout_s: int
    #: Where handler output goes; None keeps the stack's own stdout/stderr.
    log_file: str | None = None
    #: SnapStart: the before-snapshot hooks after init, as Lambda runs them for a published version,
    #: and the after-restore hooks before the first invocation, as for a new environment.
    snap_start: bool = False


def worker_config(
    spec: FunctionSpec, root: Path, aws_environment: dict[str, str], log_file: Path | None
) -> WorkerConfig:
    """The WorkerConfig of one template function, with the local AWS endpoints and credentials."""
    code_dir = (root / spec.code_uri).resolve()
    lambda_environment = {
        # What the Lambda runtime sets; powertools and the SDK read some of these.
        "AWS_LAMBDA_FUNCTION_NAME": spec.logical_id,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{spec.logical_id}",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
        "LAMBDA_TASK_ROOT": str(code_dir),
        "_HANDLER": spec.handler,
        "TZ": ":UTC",  # Lambda's clock is UTC, whatever the developer's machine says
        # X-Ray has no local daemon; powertools' Tracer would otherwise try to reach one.
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
    return WorkerConfig(
        function_name=spec.logical_id,
        code_dir=str(code_dir),
        handler=spec.handler,
        # Lambda's order: the code (/var/task) first, then the layers (/opt/python).
        sys_path=(str(code_dir), *(str((root / layer).resolve()) for layer in spec.layer_dirs)),
        environment={**spec.environment, **lambda_environment, **aws_environment},
        memory_mb=spec.memory_mb,
        timeout_s=spec.timeout_s,
        log_file=str(log_file) if log_file else None,
        snap_start=spec.snap_start,
    )


def local_aws_environment(dynamodb_endpoint: str, moto_endpoint: str) -> dict[str, str]:
    """Environment that points the AWS SDK at the local stack, with fake credentials.

    AWS_ENDPOINT_URL alone would do for moto's services; S3, SQS, KMS and Secrets Manager are also named so that
    what the functions use is explicit. An IP-address endpoint makes boto3 use path-style URLs:
    presigned POSTs go to ``http://127.0.0.1:<moto port>/<bucket>``, which a browser can reach.
    """
    return {
        "AWS_ENDPOINT_URL": moto_endpoint,
        "AWS_ENDPOINT_URL_S3": moto_endpoint,
        "AWS_ENDPOINT_URL_SQS": moto_endpoint,
        "AWS_ENDPOINT_URL_KMS": moto_endpoint,
        "AWS_ENDPOINT_URL_SECRETS_MANAGER": moto_endpoint,
        "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_endpoint,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": LOCAL_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": LOCAL_ACCESS_KEY,
    }


def without_aws_settings(environment: dict[str, str]) -> dict[str, str]:
    """A copy without AWS_* variables, so a developer's real profile never reaches local code."""
    return {name: value for name, value in environment.items() if not name.startswith("AWS_")}


@dataclass(frozen=True)
class Invocation:
    """The outcome of one invocation.

    ``result`` is the handler's return value after a JSON round trip, as Lambda returns it.
    ``error`` is a one-line ``Type: message``; the traceback went to the stack's log.
    """

    ok: bool
    result: Any = None
    error: str = ""
    #: True when the caller stopped waiting before the function's own timeout.
    caller_timed_out: bool = False
    duration_ms: float = 0.0


@dataclass
class LambdaContext:
    """The parts of Lambda's context object that handlers and powertools use."""

    function_name: str
    memory_limit_in_mb: int
    aws_request_id: str
    deadline_ms: int
    function_version: str = "$LATEST"
    invoked_function_arn: str = field(default="")
    log_group_name: str = ""
    log_stream_name: str = ""

    def __post_init__(self) -> None:
        """Fill in the names derived from the function's name."""
        self.invoked_function_arn = self.invoked_function_arn or (
            f"arn:aws:lambda:{REGION}:{LOCAL_ACCOUNT_ID}:function:{self.function_name}"
        )
        self.log_group_name = self.log_group_name or f"/aws/lambda/{self.function_name}"
        self.log_stream_name = self.log_stream_name or f"local/{os.getpid()}"

    @classmethod
    def starting_now(cls, function_name: str, timeout_s: float = 10.0, memory_mb: int = 512) -> LambdaContext:
        """A context for one invocation that starts now (also for tests and benchmarks)."""
        deadline_ms = int((time.time() + timeout_s) * 1000)
        return cls(function_name, memory_mb, str(uuid.uuid4()), deadline_ms)

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the function's timeout."""
        return max(0, self.deadline_ms - int(time.time() * 1000))


# --- Inside a worker process ------------------------------------------------------------------

_config: WorkerConfig | None = None
_handler: Any = None
_init_error: str | None = None
_restore_pending = False  # a SnapStart worker, snapshotted and not yet restored


class _PrefixedLines(io.TextIOBase):
    """A text stream that writes whole lines to a file descriptor, each tagged with a prefix.

    The stack's log is shared by every worker; one write per line keeps lines from interleaving.
    """

    def __init__(self, fd: int, prefix: str) -> None:
        self._fd = fd
        self._prefix = prefix
        self._pending = ""
        self._lock = threading.Lock()

    def writable(self) -> bool:
        """Always writable."""
        return True

    def fileno(self) -> int:
        """The underlying file descriptor (the log file)."""
        return self._fd

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """Always UTF-8."""
        return "utf-8"

    def write(self, text: str) -> int:
        """Buffer ``text`` and write every completed line."""
        with self._lock:
            *lines, self._pending = (self._pending + text).split("\n")
            for line in lines:
                self._write_line(line)
        return len(text)

    def flush(self) -> None:
        """Write a pending partial line."""
        with self._lock:
            if self._pending:
                self._write_line(self._pending)
                self._pending = ""

    def _write_line(self, line: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S.%f")[:-3]
        os.write(self._fd, f"{stamp} [{self._prefix}] {line}\n".encode(errors="replace"))


def _redirect_output(log_file: str, prefix: str) -> None:
    fd = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    # Point the file descriptors too, for output that bypasses sys.stdout (C extensions).
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdout = _PrefixedLines(1, prefix)
    sys.stderr = _PrefixedLines(2, prefix)


def _load_handler(config: WorkerConfig) -> Any:
    module_path, _, attribute = config.handler.rpartition(".")
    source = Path(config.code_dir, *module_path.split(".")).with_suffix(".py")
    if not source.is_file():
        raise ImportError(f"{source} not found (Handler {config.handler!r} of {config.function_name})")
    # Every function's module is called "app": a unique name keeps them apart in sys.modules.
    unique_name = f"_antrean_local_{config.function_name}_{module_path.replace('.', '_')}"
    module = load_module(source, unique_name)
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise ImportError(f"{source} has no {attribute!r} (Handler {config.handler!r})") from None


def initialize_worker(config: WorkerConfig) -> None:
    """ProcessPoolExecutor initializer: become ``config.function_name``'s Lambda container."""
    global _config, _handler, _init_error, _restore_pending
    _config = config
    # Ctrl-C reaches the whole process group; the stack itself shuts the workers down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    if config.log_file:
        _redirect_output(config.log_file, f"{config.function_name}:{os.getpid()}")
    os.environ.clear()
    os.environ.update({**_inherited_environment(), **config.environment})
    time.tzset()  # apply TZ to time.localtime() and datetime.now()
    sys.path[0:0] = [folder for folder in config.sys_path if os.path.isdir(folder)]
    try:
        os.chdir(config.code_dir)  # Lambda's working directory is the code folder (/var/task)
        _handler = _load_handler(config)
        if config.snap_start:
            take_snapshot()
            _restore_pending = True
    except Exception:
        # Lambda reports an init failure on every invocation (Runtime.ImportModuleError); so do we.
        _init_error = traceback.format_exc()
        print(f"[ERROR] init failed:\n{_init_error}", file=sys.stderr, flush=True)


def _exit_with_parent() -> None:
    """Exit when the stack dies without shutting the pool down (SIGKILL, crash).

    The workers would otherwise live on: each holds both ends of the pool's queues, so none ever
    reads end-of-file. (PR_SET_PDEATHSIG does not fit: it fires when the *thread* that spawned
    the worker ends, and pools spawn workers from request threads.)
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV")


def _inherited_environment() -> dict[str, str]:
    # Only what a process needs to run; the rest of the stack's environment is not the function's.
    return {name: os.environ[name] for name in _INHERITED if name in os.environ}


def _restore_if_pending() -> None:
    """Before a SnapStart worker's first invocation: the after-restore hooks (a failed hook fails
    the invocation, as a failed restore does on Lambda, and runs again at the next)."""
    global _restore_pending
    if _restore_pending:
        restore()
        _restore_pending = False


def worker_status() -> tuple[int, str | None]:
    """This worker's pid and its init error (None when the handler imported)."""
    time.sleep(0.05)  # let the other workers, still importing, take the next warm-up calls
    return os.getpid(), _init_error


def invoke_in_worker(event: dict[str, Any], request_id: str) -> Invocation:
    """Call the handler with ``event``; runs inside a worker process."""
    assert _config is not None, "invoke_in_worker runs in a worker set up by initialize_worker"
    started = time.monotonic()

    def elapsed_ms() -> float:
        return (time.monotonic() - started) * 1000

    if _init_error is not None:
        last_line = _init_error.strip().splitlines()[-1]
        return Invocation(ok=False, error=f"init failed: {last_line}", duration_ms=elapsed_ms())
    context = LambdaContext(
        function_name=_config.function_name,
        memory_limit_in_mb=_config.memory_mb,
        aws_request_id=request_id,
        deadline_ms=int(time.time() * 1000) + _config.timeout_s * 1000,
    )
    try:
        _restore_if_pending()
        result = _handler(event, context)
    except Exception as error:
        print(f"[ERROR] {request_id} {type(error).__name__}: {error}", file=sys.stderr)
        # From the handler's frame down, as Lambda shows it (this module's frame is noise).
        traceback.print_exception(type(error), error, error.__traceback__.tb_next if error.__traceback__ else None)
        sys.stderr.flush()
        return Invocation(ok=False, error=f"{type(error).__name__}: {error}", duration_ms=elapsed_ms())
    finally:
        sys.stdout.flush()
    try:
        # Lambda hands back the JSON of the result; a result that is not JSON fails there too.
        result = json.loads(json.dumps(result))
    except (TypeError, ValueError) as error:
        print(f"[ERROR] {request_id} Runtime.MarshalError: {error}", file=sys.stderr, flush=True)
        return Invocation(ok=False, error=f"Runtime.MarshalError: {error}", duration_ms=elapsed_ms())
    return Invocation(ok=True, result=result, duration_ms=elapsed_ms())
