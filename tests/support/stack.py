"""The local stack from the test's side: the layer pointed at a running stack in-process, the real
clock's midnight, and snapshots of every table to show what a request changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

from antrean import caches
from antrean.domain import Office
from antrean.rules.calendar import office_now
from antrean_local.launcher import ROOT, LocalStack
from antrean_local.scheduler import parse_schedule
from antrean_local.template import list_functions, list_schedules, load_template
from antrean_local.workers import local_aws_environment

#: How many days ahead the demo offices book on the stacks a test module starts of its own (the
#: sign-in and restart stacks, the counter, walk-in, lottery and dead-letter ones): opening every
#: office's 30 days is most of a stack's start, and these tests book today or the next days. A
#: week and a day holds open weekdays at every office whatever the day the tests run. The
#: session's stack keeps the offices' own windows (its tests book far days too).
AUXILIARY_WINDOW_DAYS = 8

# --- The layer, in-process, on the stack ----------------------------------------------------------


@contextlib.contextmanager
def in_process(stack: LocalStack, function: str = "OpenDaysFunction") -> Iterator[None]:
    """The layer's store pointed at the stack's DynamoDB Local, with `function`'s environment;
    everything the process keeps is forgotten on the way in and out, so nothing leaks to other tests."""
    template = load_template(ROOT / "template.yaml")
    environment = {
        **list_functions(template)[function].environment,
        **local_aws_environment(stack.ddb_endpoint, stack.moto_endpoint),
    }
    with pytest.MonkeyPatch.context() as patch:
        for name in [name for name in os.environ if name.startswith("AWS_")]:
            patch.delenv(name)  # never a developer's own profile or region
        for name, value in environment.items():
            patch.setenv(name, value)
        caches.forget_all()
        try:
            yield
        finally:
            caches.forget_all()


# --- The real clock -------------------------------------------------------------------------------

#: Walk-ins are issued until 23:59 office time; a test this close to midnight may see two days.
MIDNIGHT_MARGIN = dt.timedelta(minutes=2)


def skip_near_midnight(office: Office) -> None:
    local = office_now(office, dt.datetime.now(dt.UTC))
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    since_midnight = local - start_of_day
    if since_midnight < MIDNIGHT_MARGIN or since_midnight > dt.timedelta(days=1) - MIDNIGHT_MARGIN:
        pytest.skip(f"it is {local:%H:%M} in {office.timezone}: the office's day would change during the test")


# --- What the table holds -------------------------------------------------------------------------

Snapshot = dict[str, dict[str, dict[str, Any]]]


def table_snapshot(dynamodb: Any) -> Snapshot:
    """Every item of every table of the stack, read consistently, all pages: table -> key -> item."""
    snapshot: Snapshot = {}
    for page in dynamodb.get_paginator("list_tables").paginate():
        for table in page["TableNames"]:
            key_names = [k["AttributeName"] for k in dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]]
            items: dict[str, dict[str, Any]] = {}
            for scanned in dynamodb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
                for item in scanned["Items"]:
                    items[json.dumps([item[name] for name in key_names], sort_keys=True)] = item
            snapshot[table] = items
    return snapshot


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """One line per item added, removed or changed between two snapshots."""
    lines = []
    for table in sorted(before.keys() | after.keys()):
        old, new = before.get(table, {}), after.get(table, {})
        lines += [f"{table}: added {key}" for key in sorted(new.keys() - old.keys())]
        lines += [f"{table}: removed {key}" for key in sorted(old.keys() - new.keys())]
        lines += [f"{table}: changed {key}" for key in sorted(old.keys() & new.keys()) if old[key] != new[key]]
    return lines


#: Scheduled functions that write nothing to the session stack's table.
QUIET_SCHEDULES = frozenset({"DrawLotteryFunction"})


def wait_until_no_schedule_runs(within: dt.timedelta, settle: dt.timedelta = dt.timedelta(minutes=1)) -> None:
    """The stack's scheduler writes to the table on its own (open_days after midnight, close_day
    in the evening): return once no scheduled run started during the last `settle` and none
    starts during the next `within`, so that a snapshot taken now changes only through requests.
    The lottery draw runs every minute but writes only when a day's opening lottery is due, and
    no demo office holds one: it is left out, or there would never be a quiet minute."""
    schedules = [
        s
        for s in list_schedules(load_template(ROOT / "template.yaml"))
        if s.enabled and s.function_id not in QUIET_SCHEDULES
    ]
    while True:
        now = dt.datetime.now(dt.UTC)
        runs = [parse_schedule(s.expression, s.timezone, now).next_after(now - settle) for s in schedules]
        near = [run for run in runs if run <= now + within]
        if not near:
            return
        time.sleep((min(near) + settle - now).total_seconds())
