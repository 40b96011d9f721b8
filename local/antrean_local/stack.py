"""The whole local stack: start the parts in order, report where they are, stop them cleanly.

Start order: DynamoDB Local (a child process, launched before any thread), moto's server and the
template's keys, queues and buckets in it, the functions' workers (warming up meanwhile), the
tables, the demo offices, each schedule once, the queue and stream pollers, then the gateway. Only then is
``<data dir>/stack.json`` written and health answered.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from antrean_local import LocalStackError
from antrean_local.clients import local_clients
from antrean_local.cognito import LocalCognito, StaffSignIn, has_staff_pools
from antrean_local.cognito.identity_pool import MAX_LIFETIME_S
from antrean_local.data_dir import STACK_FILE, STAFF_SEED_FILE, lock_data_dir, release_lock, wipe_data_dir
from antrean_local.demo_staff import demo_name
from antrean_local.dynamodb_local import DynamoDBLocal
from antrean_local.event_sources.start import start_queue_pollers, start_stream_pollers
from antrean_local.function_pool import FunctionPool
from antrean_local.gateway import Gateway
from antrean_local.gateway_server import GatewayServer
from antrean_local.messages import message_pages
from antrean_local.moto_server import MotoServer
from antrean_local.ports import choose, ensure_free
from antrean_local.report import (
    next_run_lines,
    ready_message,
    report_dropped_environment,
    report_moto_resources,
    report_tables,
    resource_lines,
    stack_info,
    staff_credentials_lines,
    write_stack_file,
)
from antrean_local.resources import Provisioned, create_moto_resources, create_tables
from antrean_local.scheduler import Scheduler, schedule_event
from antrean_local.seeding import seed_demo_data, seed_environment
from antrean_local.stack_log import setup_logging
from antrean_local.staff_credentials import FILE_NAME as STAFF_CREDENTIALS_FILE
from antrean_local.staff_credentials import StaffAccount, demo_principals, load_or_create
from antrean_local.template import (
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
    Invocation,
    local_aws_environment,
    worker_config,
)

log = logging.getLogger(__name__)

#: template.yaml's parameter for the origin of the citizens' web form, the only origin the scans
#: bucket's CORS allows. Locally the gateway serves the form: on another port, it is another origin.
WEB_ORIGIN_PARAMETER = "WebOrigin"


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
    #: How long the local identity pool's credentials last (at most an hour, as the template's role).
    credential_seconds: int = MAX_LIFETIME_S
    window_days: int | None = None  # each demo office books at most this many days ahead
    #: Template parameters given other values than their Default (a bench's stricter or looser limits).
    parameters: dict[str, str] = field(default_factory=dict)


def repo_root() -> Path:
    """The repository this package lives in (local/antrean_local -> the repo)."""
    return Path(__file__).resolve().parents[2]


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
        self.local = LocalValues(parameters=dict(options.parameters))
        self.moto_resources: list[Provisioned] = []
        self.pools: dict[str, FunctionPool] = {}
        self.aws_environment: dict[str, str] = {}
        self.ready_info: dict[str, Any] = {}
        self.staff_credentials_file = self.data_dir / STAFF_CREDENTIALS_FILE
        #: The demo accounts of the staff user pool (staff-credentials.json).
        self.staff_credentials: list[StaffAccount] = []
        #: Staff sign-in: the template's user pool and identity pool, when it has them.
        self.cognito = (
            LocalCognito(self.data_dir, options.credential_seconds) if has_staff_pools(self.template) else None
        )
        self.sign_in: StaffSignIn | None = None
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
        # Before the functions: their environment names the queues, keys and user pool created here.
        self._create_moto_resources(moto.endpoint, server.base_url)
        self._start_sign_in()
        self.functions = list_functions(self.template, self.local)
        report_dropped_environment(self.functions)
        warm_ups = self._start_functions()
        dynamodb.wait_until_ready()
        log.info("DynamoDB Local is up on %s", dynamodb.endpoint)
        self._create_tables(dynamodb.endpoint)
        self._seed()
        self._check_warm_ups(warm_ups)
        self._run_schedules_once()
        self._cleanup.callback(scheduler.stop)
        scheduler.start()
        in_moto, in_dynamodb_local = local_clients(moto.endpoint), local_clients(dynamodb.endpoint)
        start_queue_pollers(self.queue_events, in_moto, self.pools, self._cleanup)
        start_stream_pollers(self.stream_events, in_dynamodb_local, in_moto, self.pools, self._cleanup)
        self._serve(server)
        self._write_stack_file(server.base_url, dynamodb.endpoint, moto.endpoint)
        self._print_ready(scheduler)
        self.running = True

    def _prepare_data_dir(self) -> None:
        """Lock the data dir, wipe it for --fresh, and start logging into it."""
        self._cleanup.callback(release_lock, lock_data_dir(self.data_dir))
        if self.options.fresh:
            wipe_data_dir(self.data_dir)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        for logger, handler in setup_logging(self.log_file):
            self._cleanup.callback(logger.removeHandler, handler)
            self._cleanup.callback(handler.close)
        log.info("Antrean local stack: starting (log: %s)", self.log_file)

    def _load_staff_credentials(self) -> None:
        """The demo staff accounts, made at the first start (or for a new demo office)."""
        self.staff_credentials = load_or_create(self.staff_credentials_file, demo_principals(self.root))
        log.info("Staff accounts: %d in %s", len(self.staff_credentials), self.staff_credentials_file)

    def _bind_gateway(self) -> GatewayServer:
        cognito = self.cognito
        gateway = Gateway(
            self.routes,
            self._invoke,
            web_root=self.root / "web",
            pages=message_pages(lambda: self.moto_endpoint),
            invocable=self.pools,  # Lambda's Invoke API: the functions that have workers (filled later)
            session_keys=cognito.session_key if cognito else None,
            services=cognito.services(lambda: self.moto_endpoint) if cognito else None,
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
        if self.cognito is not None:
            self.cognito.install()  # moto's Cognito with its gaps filled, before any pool exists
            self._cleanup.callback(self.cognito.uninstall)
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
            self._fail_or_warn(
                f"{function_id} cannot load its handler: {last_line} "
                f"(full traceback in {self.log_file}); it answers every call with an error"
            )

    def _fail_or_warn(self, message: str) -> None:
        """Fail the start with ``message`` in --strict, else warn and go on."""
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
        self.moto_resources = create_moto_resources(local_clients(moto_endpoint), self.template, self.local)
        report_moto_resources(self.moto_resources)

    def _start_sign_in(self) -> None:
        """The saved users and the demo accounts in the template's user pool; credentials issued."""
        if self.cognito is None:
            log.warning("template.yaml has no Cognito user pool and identity pool: staff cannot sign in")
            return
        names = {account.username: demo_name(account) for account in self.staff_credentials}
        self.sign_in = self.cognito.start(self.local, self.staff_credentials, names)

    def _create_tables(self, dynamodb_endpoint: str) -> None:
        report_tables(create_tables(local_clients(dynamodb_endpoint)("dynamodb"), self.template))

    def _seed(self) -> None:
        """The demo offices and staff, written by the deploy's own seed scripts at the local table."""
        layer_dirs = (self.root / folder for spec in self.functions.values() for folder in spec.layer_dirs)
        environment = seed_environment(self.aws_environment, layer_dirs)
        staff_seed_file = self.data_dir / STAFF_SEED_FILE
        subs = self.sign_in.subs if self.sign_in else {}
        seed_demo_data(
            self.root,
            staff_seed_file,
            self.staff_credentials,
            subs,
            environment,
            self._fail_or_warn,
            self.options.window_days,
        )

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
            self._fail_or_warn(f"{schedule.name} failed at start: {outcome.error} (details in {self.log_file})")

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
        self.ready_info = stack_info(
            base_url,
            dynamodb_endpoint,
            moto_endpoint,
            self.local.resources,
            self.staff_credentials_file,
            self.data_dir,
            self.log_file,
            self.sign_in.settings() if self.sign_in else None,
        )
        path = self.data_dir / STACK_FILE
        write_stack_file(path, self.ready_info)
        self._cleanup.callback(path.unlink, missing_ok=True)

    def _print_ready(self, scheduler: Scheduler) -> None:
        message = ready_message(
            self.ready_info,
            time.monotonic() - self._started,
            (self.root / "web").is_dir(),
            resource_lines(self.template, self.local.resources),
            staff_credentials_lines(
                self.staff_credentials, self.staff_credentials_file, self.data_dir, self.root, self.ready_info
            ),
            next_run_lines(self.schedules, scheduler.next_runs()),
        )
        print(message, flush=True)

    # Stopping.

    def stop(self) -> None:
        """Stop everything that started, newest first; safe to call twice."""
        self.running = False
        self._cleanup.close()


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
