"""The whole local stack: start the parts in order, report where they are, stop them cleanly.

Start order: DynamoDB Local (a child process, launched before any thread), moto's server and the
template's keys, queues and buckets in it, the functions' workers (warming up meanwhile), the
tables, the demo offices, each schedule once, the queue and stream pollers, then the gateway. Only then is
``<data dir>/stack.json`` written and health answered.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO, Any
from zoneinfo import ZoneInfo

import boto3
from botocore.exceptions import ClientError

from antrean_local import LOCAL_ACCESS_KEY, REGION, LocalStackError
from antrean_local.demo_staff import demo_staff
from antrean_local.dynamodb_local import DynamoDBLocal
from antrean_local.event_sources import QueuePoller, StreamPoller
from antrean_local.gateway import Gateway
from antrean_local.gateway_server import GatewayServer
from antrean_local.messages import PAGE_PATH as MESSAGES_PATH
from antrean_local.messages import message_pages
from antrean_local.moto_server import MotoServer
from antrean_local.ports import choose, ensure_free
from antrean_local.resources import Provisioned, create_moto_resources, create_tables
from antrean_local.scheduler import Scheduler, schedule_event
from antrean_local.staff_credentials import (
    EXAMPLE_PRINCIPAL,
    StaffCredential,
    by_access_key,
    demo_principals,
    load_or_create,
)
from antrean_local.staff_credentials import FILE_NAME as STAFF_CREDENTIALS_FILE
from antrean_local.template import (
    BUCKET_TYPE,
    QUEUE_TYPE,
    FunctionSpec,
    LocalValues,
    ScheduleEvent,
    list_functions,
    list_queue_events,
    list_routes,
    list_schedules,
    list_stream_events,
    load_template,
)
from antrean_local.workers import (
    FunctionPool,
    Invocation,
    local_aws_environment,
    without_aws_settings,
    worker_config,
)

log = logging.getLogger(__name__)

STACK_FILE = "stack.json"
#: The demo staff records, as scripts/seed_staff.py reads them (remade at every start).
STAFF_SEED_FILE = "staff-seed.json"
LOCK_FILE = "stack.lock"
# What the stack itself puts in its data dir: --fresh refuses to wipe a folder with anything else.
OWN_ENTRIES = {
    "dynamodb",
    "logs",
    STACK_FILE,
    f"{STACK_FILE}.tmp",
    LOCK_FILE,
    STAFF_CREDENTIALS_FILE,
    f"{STAFF_CREDENTIALS_FILE}.tmp",
    STAFF_SEED_FILE,
}
SEED_OFFICES_SCRIPT = "scripts/seed_offices.py"
SEED_STAFF_SCRIPT = "scripts/seed_staff.py"
SEED_TIMEOUT_S = 300
#: template.yaml's parameter for the origin of the citizens' web form, the only origin the scans
#: bucket's CORS allows. Locally the gateway serves the form: on another port, it is another origin.
WEB_ORIGIN_PARAMETER = "WebOrigin"
#: Keys of stack.json naming the template's scan upload resources (for tests and scripts).
STACK_FILE_RESOURCES = {
    "scans_bucket": "ScansBucket",
    "scan_events_queue_url": "ScanEventsQueue",
    "scan_events_dlq_url": "ScanEventsDeadLetterQueue",
}


class StackError(LocalStackError):
    """The stack cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class StackOptions:
    """The ``run`` command's options; ports may be 0 for "any free port"."""

    root: Path
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 3000
    ddb_port: int = 8000
    moto_port: int = 5000
    workers: int = 4
    fresh: bool = False
    #: Fail the start when the seed script, a handler import or a start-time schedule fails.
    strict: bool = False


def repo_root() -> Path:
    """The repository this package lives in (local/antrean_local -> the repo)."""
    return Path(__file__).resolve().parents[2]


# --- Data dir, lock and logs --------------------------------------------------------------------


def _lock_data_dir(data_dir: Path) -> IO[str]:
    """Hold an exclusive lock on the data dir while the stack runs (two stacks would corrupt it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / LOCK_FILE).open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "?"
        handle.close()
        raise StackError(
            f"another local stack (pid {owner}) is running with the data dir {data_dir}; "
            "stop it first, or pass another --data-dir"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _wipe_data_dir(data_dir: Path) -> None:
    """Delete what the stack keeps in ``data_dir`` (``--fresh``), refusing folders it did not make."""
    foreign = sorted(entry.name for entry in data_dir.iterdir() if entry.name not in OWN_ENTRIES)
    if foreign:
        raise StackError(
            f"--fresh wipes {data_dir}, but it holds files the stack did not make "
            f"({', '.join(foreign[:5])}); choose an empty or stack-only --data-dir"
        )
    for entry in data_dir.iterdir():
        if entry.name == LOCK_FILE:
            continue  # held by this stack
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


class _ConsoleFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        return message if record.levelno < logging.WARNING else f"{record.levelname}: {message}"


def _setup_logging(log_file: Path) -> list[tuple[logging.Logger, logging.Handler]]:
    """Everything to the stack log; the stack's own progress and warnings also to the console.

    Returns the (logger, handler) pairs added, for the stack to remove when it stops.
    """
    file_handler = logging.FileHandler(log_file, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(file_handler)
    console = logging.StreamHandler(sys.stdout)
    console.setLevel(logging.INFO)
    console.setFormatter(_ConsoleFormatter("%(message)s"))
    ours = logging.getLogger("antrean_local")
    ours.setLevel(logging.DEBUG)  # request lines are DEBUG: in the file, not on the console
    ours.addHandler(console)
    return [(root, file_handler), (ours, console)]


# --- The stack ----------------------------------------------------------------------------------


class LocalStack:
    """The running parts of the stack; use start() then stop(), or ``with LocalStack(...)``."""

    def __init__(self, options: StackOptions) -> None:
        """Read the template; nothing starts until start()."""
        self.options = options
        self.root = options.root
        self.data_dir = options.data_dir.resolve()
        self.log_file = self.data_dir / "logs" / "stack.log"
        self.template = load_template(self.root / "template.yaml")
        self.routes = list_routes(self.template)
        self.functions = list_functions(self.template)
        self.schedules = list_schedules(self.template)
        self.queue_events = list_queue_events(self.template)
        self.stream_events = list_stream_events(self.template)
        self.moto_endpoint: str | None = None
        #: What the template's intrinsics resolve to locally, filled in as resources are created.
        self.local = LocalValues()
        self.moto_resources: list[Provisioned] = []
        self.pools: dict[str, FunctionPool] = {}
        self.aws_environment: dict[str, str] = {}
        self.ready_info: dict[str, Any] = {}
        self.staff_credentials_file = self.data_dir / STAFF_CREDENTIALS_FILE
        #: The local IAM users whose keys sign requests to the staff (AWS_IAM) routes.
        self.staff_credentials: list[StaffCredential] = []
        self._cleanup = contextlib.ExitStack()
        #: True from the end of start() until stop().
        self.running = False
        self._started = time.monotonic()

    def __enter__(self) -> LocalStack:
        """Start the stack."""
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        """Stop the stack."""
        self.stop()

    # The steps, in order.

    def start(self) -> None:
        """Start every part; return when the stack answers (or raise, having stopped what ran)."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        self._prepare_data_dir()
        self._load_staff_credentials()
        # Parse the schedules and bind the gateway's port first: mistakes fail in a second.
        scheduler = Scheduler(self.schedules, self._fire_in_background)
        server = self._bind_gateway()
        dynamodb, moto = self._start_services()
        self.aws_environment = local_aws_environment(dynamodb.endpoint, moto.endpoint)
        # Before the functions: their environment names the queues and keys created here.
        self._create_moto_resources(moto.endpoint, server.base_url)
        self.functions = list_functions(self.template, self.local)
        self._report_dropped_environment()
        warm_ups = self._start_functions()
        dynamodb.wait_until_ready()
        log.info("DynamoDB Local is up on %s", dynamodb.endpoint)
        self._create_tables(dynamodb.endpoint)
        self._seed()
        self._check_warm_ups(warm_ups)
        self._run_schedules_once()
        self._cleanup.callback(scheduler.stop)
        scheduler.start()
        self._start_queue_pollers(moto.endpoint)
        self._start_stream_pollers(dynamodb.endpoint, moto.endpoint)
        self._serve(server)
        self._write_stack_file(server.base_url, dynamodb.endpoint, moto.endpoint)
        self._print_ready(scheduler)
        self.running = True

    def _prepare_data_dir(self) -> None:
        """Lock the data dir, wipe it for --fresh, and start logging into it."""
        self._cleanup.callback(self._release_lock, _lock_data_dir(self.data_dir))
        if self.options.fresh:
            _wipe_data_dir(self.data_dir)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        for logger, handler in _setup_logging(self.log_file):
            self._cleanup.callback(logger.removeHandler, handler)
            self._cleanup.callback(handler.close)
        log.info("Antrean local stack: starting (log: %s)", self.log_file)

    def _load_staff_credentials(self) -> None:
        """The demo staff users' keys, made at the first start (or for a new demo office)."""
        self.staff_credentials = load_or_create(self.staff_credentials_file, demo_principals(self.root))
        log.info("Staff credentials: %d users in %s", len(self.staff_credentials), self.staff_credentials_file)

    def _report_dropped_environment(self) -> None:
        for spec in self.functions.values():
            for name, why in spec.dropped_environment.items():
                log.warning("%s: environment variable %s left out locally (%s)", spec.logical_id, name, why)

    def _bind_gateway(self) -> GatewayServer:
        gateway = Gateway(
            self.routes,
            self._invoke,
            web_root=self.root / "web",
            signing_keys=by_access_key(self.staff_credentials),
            pages=message_pages(lambda: self.moto_endpoint),
            invocable=self.pools,  # Lambda's Invoke API: the functions that have workers (filled later)
        )
        try:
            server = GatewayServer(self.options.host, self.options.port, gateway)
        except OSError as error:
            raise StackError(
                f"cannot listen on {self.options.host}:{self.options.port} ({error.strerror}); another "
                "stack running? Stop it, or choose another --port (0 picks a free one)."
            ) from None
        self._cleanup.callback(server.server_close)
        return server

    def _start_services(self) -> tuple[DynamoDBLocal, MotoServer]:
        """Launch DynamoDB Local (not waiting for it yet) and start moto's server."""
        ddb_port = choose(self.options.ddb_port, "DynamoDB Local", "--ddb-port")
        if self.options.moto_port:
            ensure_free(self.options.moto_port, "moto's server", "--moto-port")
        dynamodb = DynamoDBLocal(
            self.root, ddb_port, self.data_dir / "dynamodb", self.log_file.with_name("dynamodb-local.log")
        )
        log.info("Starting DynamoDB Local on port %d (data: %s)", ddb_port, dynamodb.data_dir)
        dynamodb.start()  # before any thread: see DynamoDBLocal.start
        self._cleanup.callback(dynamodb.stop)
        moto = MotoServer(self.options.moto_port)
        moto.start()
        self._cleanup.callback(moto.stop)
        self.moto_endpoint = moto.endpoint
        log.info("moto's server is up on %s", moto.endpoint)
        return dynamodb, moto

    def _start_functions(self) -> dict[str, Future[str | None]]:
        """Create each function's pool and warm its workers up in the background."""
        routed = {route.function_id for route in self.routes}
        scheduled = {schedule.function_id for schedule in self.schedules}
        queued = {event.function_id for event in self.queue_events if event.enabled}
        queued |= {event.function_id for event in self.stream_events if event.enabled}
        warm_up = ThreadPoolExecutor(max_workers=max(1, len(self.functions)), thread_name_prefix="warm-up")
        self._cleanup.callback(warm_up.shutdown, wait=False, cancel_futures=True)
        futures = {}
        for spec in self.functions.values():
            if spec.logical_id not in routed | scheduled | queued:
                log.info("%s has no Api, schedule, SQS or DynamoDB event: not run locally", spec.logical_id)
                continue
            pool = self._new_pool(spec, self.options.workers if spec.logical_id in routed else 1)
            futures[spec.logical_id] = warm_up.submit(pool.warm_up)
        return futures

    def _new_pool(self, spec: FunctionSpec, workers: int) -> FunctionPool:
        config = worker_config(spec, self.root, self.aws_environment, self.log_file)
        pool = FunctionPool(config, workers)
        self.pools[spec.logical_id] = pool
        self._cleanup.callback(pool.shutdown)
        log.info("Starting %d worker(s) for %s (%s)", workers, spec.logical_id, spec.code_uri)
        return pool

    def _check_warm_ups(self, warm_ups: dict[str, Future[str | None]]) -> None:
        for function_id, future in warm_ups.items():
            error = future.result()
            if error is None:
                continue
            last_line = error.strip().splitlines()[-1]
            message = (
                f"{function_id} cannot load its handler: {last_line} "
                f"(full traceback in {self.log_file}); it answers every call with an error"
            )
            if self.options.strict:
                raise StackError(message)
            log.warning(message)

    def _create_moto_resources(self, moto_endpoint: str, gateway_url: str) -> None:
        """The template's KMS keys, queues and buckets in moto, recorded in self.local."""
        default_origin = ((self.template.get("Parameters") or {}).get(WEB_ORIGIN_PARAMETER) or {}).get("Default")
        if default_origin is not None and default_origin != gateway_url:
            self.local.parameters[WEB_ORIGIN_PARAMETER] = gateway_url
            log.info(
                "%s is %s in template.yaml, but the gateway serves the web form from %s: "
                "the scans bucket's CORS allows that origin instead",
                WEB_ORIGIN_PARAMETER,
                default_origin,
                gateway_url,
            )
        self.moto_resources = create_moto_resources(
            lambda service: _local_client(service, moto_endpoint), self.template, self.local
        )
        for outcome in self.moto_resources:
            state = "skipped" if outcome.skipped else "created" if outcome.created else "kept (exists)"
            log.info("%s %s: %s", outcome.logical_id, outcome.name, state)
            for note in outcome.notes:
                log.info("  %s: %s", outcome.logical_id, note)

    def _create_tables(self, dynamodb_endpoint: str) -> None:
        dynamodb = _local_client("dynamodb", dynamodb_endpoint)
        for table in create_tables(dynamodb, self.template):
            log.info("Table %s: %s", table.name, "created" if table.created else "kept (exists)")
            for note in table.notes:
                log.info("  %s: %s", table.name, note)
            if table.differences:
                log.warning(
                    "table %s differs from template.yaml (%s); run with --fresh to recreate it",
                    table.name,
                    ", ".join(table.differences),
                )

    def _seed(self) -> None:
        """Write the demo offices, then a staff record per demo staff key, with the deploy's own
        seed scripts pointed at the local endpoints."""
        self._run_seed_script(SEED_OFFICES_SCRIPT, "demo offices")
        members, unknown = demo_staff(self.staff_credentials)
        if unknown:
            log.warning("No staff record for %s (not a demo principal): their keys sign but reach no role", unknown)
        seed_file = self.data_dir / STAFF_SEED_FILE
        seed_file.write_text(json.dumps({"staff": members}, indent=2) + "\n")
        self._run_seed_script(SEED_STAFF_SCRIPT, f"{len(members)} demo staff", "--file", str(seed_file))

    def _run_seed_script(self, script_name: str, what: str, *arguments: str) -> None:
        """Run one of scripts/seed_*.py against the local table; a failure fails the start in --strict."""
        script = self.root / script_name
        if not script.exists():
            log.warning("%s does not exist yet: no %s seeded", script_name, what)
            return
        venv_python = self.root / ".venv" / "bin" / "python"
        python = str(venv_python) if venv_python.exists() else sys.executable
        environment = {**without_aws_settings(dict(os.environ)), **self.aws_environment}
        # The script imports the layers' packages, as the functions do (and pytest's pythonpath).
        layer_dirs = dict.fromkeys(self.root / d for spec in self.functions.values() for d in spec.layer_dirs)
        search_path = [str(folder) for folder in layer_dirs if folder.is_dir()]
        if os.environ.get("PYTHONPATH"):
            search_path.append(os.environ["PYTHONPATH"])
        environment["PYTHONPATH"] = os.pathsep.join(search_path)
        command = [python, str(script), "--table", "Table", *arguments]
        started = time.monotonic()
        log.info("Seeding %s: %s", what, " ".join([script_name, *command[2:]]))
        try:
            result = subprocess.run(
                command,
                cwd=self.root,
                env=environment,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=SEED_TIMEOUT_S,
                check=False,
            )
            output, failed = result.stdout + result.stderr, result.returncode != 0
        except subprocess.TimeoutExpired:
            output, failed = f"timed out after {SEED_TIMEOUT_S} s", True
        seed_log = logging.getLogger("antrean_local.seed")
        for line in output.splitlines():
            seed_log.debug("[%s] %s", Path(script_name).stem, line)
        if not failed:
            log.info("Seeded %s in %.1f s", what, time.monotonic() - started)
            return
        tail = "\n".join(output.strip().splitlines()[-10:])
        message = f"{script_name} failed:\n{tail}"
        if self.options.strict:
            raise StackError(message)
        log.warning(message)

    def _run_schedules_once(self) -> None:
        """Fire every enabled schedule once, in order, waiting for each (the stack's first day)."""
        for schedule in self.schedules:
            if not schedule.enabled:
                log.info("Schedule %s is disabled in the template: skipped", schedule.name)
                continue
            log.info("Running %s once at start (%s, %s) ...", schedule.name, schedule.expression, schedule.timezone)
            event = schedule_event(schedule, datetime.now(UTC))
            outcome = self.pools[schedule.function_id].invoke(event)
            if outcome.ok:
                log.info("%s done in %.1f s", schedule.name, outcome.duration_ms / 1000)
                continue
            message = f"{schedule.name} failed at start: {outcome.error} (details in {self.log_file})"
            if self.options.strict:
                raise StackError(message)
            log.warning(message)

    def _start_queue_pollers(self, moto_endpoint: str) -> None:
        """One poller per SQS event (Lambda's event source mapping), invoking through the pools."""
        for event in self.queue_events:
            if not event.enabled:
                log.info("%s is disabled in the template: its queue is not polled", event.name)
                continue
            for name, why in event.ignored.items():
                log.warning("%s: %s is not applied locally (%s)", event.name, name, why)
            pool = self.pools[event.function_id]
            try:
                poller = QueuePoller(event, _local_client("sqs", moto_endpoint), pool.invoke)
            except ClientError as error:  # an ARN from outside the template: nothing local to poll
                raise StackError(f"{event.name}: cannot poll {event.queue_arn} locally ({error})") from None
            log.info("%s", poller.describe())
            poller.start()
            self._cleanup.callback(poller.stop)

    def _start_stream_pollers(self, dynamodb_endpoint: str, moto_endpoint: str) -> None:
        """One poller per DynamoDB event (Lambda's stream event source mapping), through the pools."""
        for event in self.stream_events:
            if not event.enabled:
                log.info("%s is disabled in the template: its stream is not read", event.name)
                continue
            for name, why in event.ignored.items():
                log.debug("%s: %s is not applied locally (%s)", event.name, name, why)
            poller = StreamPoller(
                event,
                _local_client("dynamodb", dynamodb_endpoint),
                _local_client("dynamodbstreams", dynamodb_endpoint),
                _local_client("sqs", moto_endpoint),
                self.pools[event.function_id].invoke,
            )
            log.info("%s", poller.describe())
            poller.start()
            self._cleanup.callback(poller.stop)

    def _serve(self, server: GatewayServer) -> None:
        thread = threading.Thread(target=server.serve_forever, name="gateway", daemon=True)
        thread.start()
        self._cleanup.callback(server.shutdown)

    # Calls from the gateway and the scheduler.

    def _invoke(self, function_id: str, event: dict[str, Any], max_wait_s: float) -> Invocation:
        return self.pools[function_id].invoke(event, max_wait_s)

    def _fire_in_background(self, schedule: ScheduleEvent, event: dict[str, Any]) -> None:
        future = self.pools[schedule.function_id].submit(event)
        future.add_done_callback(lambda done: _report_scheduled_run(schedule, done))

    # Reporting.

    def _write_stack_file(self, base_url: str, dynamodb_endpoint: str, moto_endpoint: str) -> None:
        self.ready_info = {
            "base_url": base_url,
            "web_url": f"{base_url}/",
            "api_url": base_url,
            "messages_url": f"{base_url}{MESSAGES_PATH}",
            "ddb_endpoint": dynamodb_endpoint,
            "moto_endpoint": moto_endpoint,
            "region": REGION,
            **{
                key: self.local.resources[logical_id]["Ref"]
                for key, logical_id in STACK_FILE_RESOURCES.items()
                if logical_id in self.local.resources
            },
            # Every key, queue and bucket of the template: logical id -> what !Ref gives locally.
            "resources": {logical_id: values["Ref"] for logical_id, values in self.local.resources.items()},
            "staff_credentials": str(self.staff_credentials_file),
            "data_dir": str(self.data_dir),
            "log_file": str(self.log_file),
            "pid": os.getpid(),
        }
        path = self.data_dir / STACK_FILE
        # Written whole then renamed: a reader never sees half a file.
        temporary = path.with_name(f"{STACK_FILE}.tmp")
        temporary.write_text(json.dumps(self.ready_info, indent=2) + "\n")
        temporary.replace(path)
        self._cleanup.callback(path.unlink, missing_ok=True)

    def _print_ready(self, scheduler: Scheduler) -> None:
        info = self.ready_info
        has_web = (self.root / "web").is_dir()
        lines = [
            "",
            f"Antrean local stack is ready ({time.monotonic() - self._started:.1f} s)",
            f"  Web form:        {info['web_url']}" + ("" if has_web else "   (no web/ folder yet)"),
            f"  API base URL:    {info['api_url']}   (e.g. {info['api_url']}/offices)",
            f"  DynamoDB Local:  {info['ddb_endpoint']}",
            f"  moto (S3, ...):  {info['moto_endpoint']}",
            f"  Messages sent:   {info['messages_url']}   (the SMS and e-mails citizens would get)",
            *self._resource_lines(),
            *self._staff_credentials_lines(),
            f"  Data dir:        {info['data_dir']}",
            f"  Log:             {info['log_file']}",
        ]
        zones = {schedule.name: schedule.timezone for schedule in self.schedules}
        for name, moment in scheduler.next_runs().items():
            local = moment.astimezone(ZoneInfo(zones[name]))
            lines.append(f"  Next {name}: {local:%Y-%m-%d %H:%M} {zones[name]}")
        lines += ["Ctrl-C to stop.", ""]
        print("\n".join(lines), flush=True)

    def _staff_credentials_lines(self) -> list[str]:
        # Key ids only: the secrets stay in the file (mode 0600), never on the console.
        example = next((c for c in self.staff_credentials if c.name == EXAMPLE_PRINCIPAL), None)
        example = example or next(iter(self.staff_credentials), None)
        lines = [f"  Staff keys:      {self.staff_credentials_file}   ({len(self.staff_credentials)} users)"]
        if example is not None:
            lines.append(f"                   e.g. {example.name}: {example.access_key_id} (secret in the file)")
            # scripts/staff.py finds the keys and the endpoint in <repo>/.local unless told otherwise.
            data_dir = "" if self.data_dir == (self.root / ".local").resolve() else f" --data-dir {self.data_dir}"
            client = f".venv/bin/python scripts/staff.py{data_dir} --as {example.name}"
            lines.append(f"  Staff client:    {client} GET /staff/me")
        return lines

    def _resource_lines(self) -> list[str]:
        labels = {BUCKET_TYPE: "S3 bucket", QUEUE_TYPE: "SQS queue"}
        lines = []
        for logical_id, values in self.local.resources.items():
            label = labels.get(self.template["Resources"][logical_id]["Type"])
            if label:
                lines.append(f"  {label + ':':<16} {values['Ref']}   ({logical_id})")
        return lines

    # Stopping.

    @staticmethod
    def _release_lock(handle: IO[str]) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()

    def stop(self) -> None:
        """Stop everything that started, newest first; safe to call twice."""
        self.running = False
        self._cleanup.close()


def _local_client(service: str, endpoint: str) -> Any:
    """A boto3 client for one local endpoint, with the stack's fake credentials."""
    return boto3.client(  # type: ignore[call-overload]
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=LOCAL_ACCESS_KEY,
        aws_secret_access_key=LOCAL_ACCESS_KEY,
    )


def _report_scheduled_run(schedule: ScheduleEvent, done: Future[Invocation]) -> None:
    try:
        outcome = done.result()
    except Exception as error:  # the pool itself failed (a worker died)
        log.error("schedule %s: %s", schedule.name, error)
        return
    if outcome.ok:
        log.info("schedule %s done in %.1f s", schedule.name, outcome.duration_ms / 1000)
    else:
        log.warning("schedule %s failed: %s (details in the stack log)", schedule.name, outcome.error)


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM like Ctrl-C: the same orderly stop


def run(options: StackOptions) -> int:
    """Run the stack until Ctrl-C or SIGTERM; returns the process exit code."""
    # SIGINT too: a shell starting the stack in the background would have it ignored.
    signal.signal(signal.SIGINT, _stop_on_signal)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    stack: LocalStack | None = None
    try:
        stack = LocalStack(options)
        stack.start()
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        if stack is not None and not stack.running:
            print("\nStart interrupted: stopped what had started.", flush=True)
        return 0
    except LocalStackError as error:
        print(f"\nThe local stack could not start: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        # A second Ctrl-C must not cut the stop short and leave java or workers behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if stack is not None and stack.running:
            print("Stopping the local stack ...", flush=True)
            stack.stop()
            print("Stopped.", flush=True)
