"""Lambda SnapStart for the functions citizens wait on (template.yaml: the two APIs and the intake).

Lambda runs such a function's init once, when a version is published, snapshots the process, and
resumes every new environment from that snapshot. So:
- before the snapshot, `prime` runs every route's whole path once (requests.py), with AWS answered
  from memory (canned.py), and one request goes through the handler itself (`primed`): each
  module, model, validator, serialiser, botocore operation and shape the first citizen's request
  needs is then in the snapshot, and nothing was sent, written or opened.
- after each restore, `renew` gives the environment its own random state and forgets what must not
  be shared or stale (caches.stale_after_restore: the NIK keys, offices' rules, recent answers),
  then reads the NIK keys, the challenge keys and the offices' rules again, so that rotated keys
  and changed rules are used and the first request finds them without reads of its own (the
  restore still takes them: bench/snapstart.py reports its time).

The hooks are registered with snapshot_restore_py, which Lambda's Python runtimes include; where it
is absent nothing is registered and nothing runs. The local stack runs them too, for a function
whose template sets SnapStart: the before-snapshot hooks when a worker starts, the after-restore
hooks before its first invocation. So local runs take the same path."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from aws_lambda_powertools.logging import logger as powertools_logging

from antrean import caches, clock, secrets_manager
from antrean.challenge_keys import challenge_keys
from antrean.logic.offices import list_offices
from antrean.observability import logger, metrics
from antrean.pseudonyms import hash_keys
from antrean.rules.calendar import day_status
from antrean.snapstart.canned import OFFICE, answered_from_memory
from antrean.snapstart.requests import upload_event
from antrean.store import store
from antrean.store.scans import scan_store

try:
    from snapshot_restore_py import register_after_restore, register_before_snapshot
except ImportError:  # not a Lambda Python runtime, and not the dev tools: no snapshot will be taken

    def register_before_snapshot(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[..., Any]:
        return func

    register_after_restore = register_before_snapshot

Event = dict[str, Any]
Resolve = Callable[[Event, Any], Any]
#: What each of priming's requests answered ("GET /offices", 200): a route whose priming request
#: ends in an error ran only part of its path (tests/integration/test_snapstart.py checks them).
answers: list[tuple[str, int]] = []
#: What priming requests run with in place of Lambda's context (powertools' idempotency asks it the time left).
_CONTEXT = SimpleNamespace(
    function_name="priming",
    function_version="priming",
    invoked_function_arn="arn:aws:lambda:ap-southeast-3:000000000000:function:priming",
    memory_limit_in_mb=512,
    aws_request_id="priming",
    log_group_name="priming",
    log_stream_name="priming",
    get_remaining_time_in_millis=lambda: 10_000,
)


def on_snapshot(
    prime: Callable[[], None], *clients: Callable[[], Any], handler: Resolve, event: Callable[[], Event]
) -> None:
    """Register `prime` to run before Lambda snapshots this function, and `renew` after each restore.
    `clients` give the function's own AWS clients besides the table's, the bucket's and the secret's;
    `handler` is the function's handler, and `event` makes a request to it that counts nothing
    (`primed`)."""
    register_before_snapshot(primed, prime, *clients, handler=handler, event=event)
    register_after_restore(renew)


def primed(
    prime: Callable[[], None], *clients: Callable[[], Any], handler: Resolve, event: Callable[[], Event]
) -> None:
    """Run `prime` with the process's AWS clients answered from memory, then `event` through the
    handler itself, whose wrappers (the logger's context and request id, the metrics' flush) would
    otherwise run for the first time in a citizen's request: 0.18 ms, more than a warm request to
    the list of offices takes (bench/snapstart.py). `event` counts nothing, so that flush writes no
    metric. Then drop what priming left behind: the metrics it counted, whatever must not outlive
    the snapshot (the made-up office, the stand-in key), the keys the logger took from the made-up
    invocation, and its note that its cold start is over (a restored environment's first
    invocation is one)."""
    every = (store().table.client, scan_store().client, secrets_manager.client(), *(c() for c in clients))
    with answered_from_memory(*every):
        prime()
        metrics.clear_metrics()
        handler(event(), _CONTEXT)
    metrics.clear_metrics()
    caches.forget_stale()
    logger.clear_state()  # the made-up invocation's keys (its function name, request id)
    powertools_logging.is_cold_start = True
    logger.info("primed for the snapshot")


def resolving(resolve: Resolve, requests: Callable[[dt.date], list[Event]]) -> Callable[[], None]:
    """A priming that resolves each synthetic request with the API's resolver, not through the
    handler: its metrics would be flushed as if they were real (`primed` sends the handler one
    request that counts nothing)."""

    def prime() -> None:
        today = clock.now().date()
        for event in requests(today):
            answer = resolve(event, _CONTEXT)
            answers.append((f"{event['httpMethod']} {event['path']}", answer["statusCode"]))
        _calendar(today)

    return prime


def _calendar(today: dt.date) -> None:
    """Load Indonesia's holidays (both categories, this year and the next): `holidays` imports a
    country's modules and computes a year's days on first use, and no priming request reaches a
    day's status on every API (the staff API's desk booking does: some 280 modules and 50 ms of its
    first request when they were not loaded, measured by bench/snapstart.py)."""
    for day in (today, today + dt.timedelta(days=366)):
        day_status(OFFICE, day)


def checking_scans(handle: Resolve) -> Callable[[], None]:
    """The intake's priming: an upload event through the handler's batch path, and a real check
    of a PNG and a PDF (Pillow's and pypdf's decoders load their parts on first use)."""

    def prime() -> None:
        from PIL import Image
        from pypdf import PdfWriter

        from antrean.rules.scans import scan_problem

        handle(upload_event(clock.now()), _CONTEXT)
        png, pdf = io.BytesIO(), io.BytesIO()
        Image.new("L", (32, 32)).save(png, "PNG")
        writer = PdfWriter()
        writer.add_blank_page(width=72, height=72)
        writer.write(pdf)
        for data, kind in ((png.getvalue(), "image/png"), (pdf.getvalue(), "application/pdf")):
            scan_problem(data, kind, 1, 1024 * 1024)

    return prime


def renew() -> None:
    """After a restore: this environment's own random state (registration numbers and upload ids
    come from `secrets` and `uuid4`, which read the OS's entropy on every call), and fresh copies
    of what caches.stale_after_restore lists. Two of them nearly every request needs are read again
    at once, not by the first request: the NIK keys (a rotated key is used) and the offices' rules
    (a change made while the snapshot waited is seen). Reading the rules also opens the
    environment's first connection to DynamoDB, which the first request then reuses. Each failed
    read is logged and left to the first request that needs it."""
    random.seed()
    caches.forget_stale()
    if "TABLE_NAME" in os.environ:
        try:
            list_offices()
        except Exception:  # the first request that needs them reads them again
            logger.exception("could not read the offices' rules after the restore")
    if "CHALLENGE_KEY_SECRET" in os.environ:  # the public API: the proof of work's keys
        try:
            challenge_keys()
        except Exception:  # the first request that needs them reads them again
            logger.exception("could not read the challenge keys after the restore")
    if "NIK_KEY_SECRET" not in os.environ:  # a function that keeps no NIK (the scan intake)
        return
    try:
        hash_keys()
    except Exception:  # the first request that needs the keys reads them again
        logger.exception("could not read the NIK keys after the restore")
