"""What the stack says as it starts: what it made of each resource of the template and what it left
out, then ``<data dir>/stack.json`` for the tests and scripts that find it there, and the ready
message on the console (where everything is, and how to sign a staff call)."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from antrean_local import REGION
from antrean_local.messages import PAGE_PATH as MESSAGES_PATH
from antrean_local.resources import Provisioned
from antrean_local.staff_credentials import EXAMPLE_PRINCIPAL, StaffAccount
from antrean_local.template import BUCKET_TYPE, QUEUE_TYPE, FunctionSpec, ScheduleEvent, Template

log = logging.getLogger(__name__)

#: Keys of stack.json naming the template's scan upload resources (for tests and scripts).
STACK_FILE_RESOURCES = {
    "scans_bucket": "ScansBucket",
    "scan_events_queue_url": "ScanEventsQueue",
    "scan_events_dlq_url": "ScanEventsDeadLetterQueue",
}


def report_moto_resources(outcomes: list[Provisioned]) -> None:
    """Each key, queue, bucket, secret and sender: made, kept or skipped, and what was left out."""
    for outcome in outcomes:
        state = "skipped" if outcome.skipped else "created" if outcome.created else "kept (exists)"
        log.info("%s %s: %s", outcome.logical_id, outcome.name, state)
        for note in outcome.notes:
            log.info("  %s: %s", outcome.logical_id, note)


def report_tables(outcomes: list[Provisioned]) -> None:
    """Each table: made or kept, and how a kept one differs from the template."""
    for table in outcomes:
        log.info("Table %s: %s", table.name, "created" if table.created else "kept (exists)")
        for note in table.notes:
            log.info("  %s: %s", table.name, note)
        if table.differences:
            log.warning(
                "table %s differs from template.yaml (%s); run with --fresh to recreate it",
                table.name,
                ", ".join(table.differences),
            )


def report_dropped_environment(functions: dict[str, FunctionSpec]) -> None:
    """The functions' environment variables that only have a value in AWS."""
    for spec in functions.values():
        for name, why in spec.dropped_environment.items():
            log.warning("%s: environment variable %s left out locally (%s)", spec.logical_id, name, why)


def stack_info(
    base_url: str,
    dynamodb_endpoint: str,
    moto_endpoint: str,
    resources: dict[str, dict[str, str]],
    staff_credentials_file: Path,
    data_dir: Path,
    log_file: Path,
    sign_in: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What stack.json says: the endpoints, the template's resources by what !Ref gives locally
    (``resources``: logical id -> attributes, as the stack recorded them), the stack's files, and
    staff sign-in's settings (``sign_in``: config.json's region and pool ids, when there is a pool)."""
    sign_in_info = (
        {
            "user_pool_id": sign_in["userPoolId"],
            "user_pool_client_id": sign_in["userPoolClientId"],
            "identity_pool_id": sign_in["identityPoolId"],
            "cognito_idp_endpoint": f"{base_url}/_aws/cognito-idp/",
            "cognito_identity_endpoint": f"{base_url}/_aws/cognito-identity/",
            "portal_config_url": f"{base_url}/portal/config.json",
        }
        if sign_in
        else {}
    )
    return {
        "base_url": base_url,
        "web_url": f"{base_url}/",
        "api_url": base_url,
        "messages_url": f"{base_url}{MESSAGES_PATH}",
        "ddb_endpoint": dynamodb_endpoint,
        "moto_endpoint": moto_endpoint,
        "region": REGION,
        **{
            key: resources[logical_id]["Ref"]
            for key, logical_id in STACK_FILE_RESOURCES.items()
            if logical_id in resources
        },
        # Every key, queue and bucket of the template: logical id -> what !Ref gives locally.
        "resources": {logical_id: values["Ref"] for logical_id, values in resources.items()},
        "staff_credentials": str(staff_credentials_file),
        **sign_in_info,
        "data_dir": str(data_dir),
        "log_file": str(log_file),
        "pid": os.getpid(),
    }


def write_stack_file(path: Path, info: dict[str, Any]) -> None:
    """Write stack.json whole then rename it: a reader never sees half a file."""
    temporary = path.with_name(f"{path.name}.tmp")
    temporary.write_text(json.dumps(info, indent=2) + "\n")
    temporary.replace(path)


def ready_message(
    info: dict[str, Any],
    elapsed_s: float,
    has_web: bool,
    resources: list[str],
    staff: list[str],
    next_runs: list[str],
) -> str:
    """The console's ready message: where everything is (``info`` is stack.json's), then the lines
    of resource_lines, staff_credentials_lines and next_run_lines."""
    lines = [
        "",
        f"Antrean local stack is ready ({elapsed_s:.1f} s)",
        f"  Web form:        {info['web_url']}" + ("" if has_web else "   (no web/ folder yet)"),
        f"  API base URL:    {info['api_url']}   (e.g. {info['api_url']}/offices)",
        f"  DynamoDB Local:  {info['ddb_endpoint']}",
        f"  moto (S3, ...):  {info['moto_endpoint']}",
        f"  Messages sent:   {info['messages_url']}   (the SMS and e-mails citizens would get)",
        *resources,
        *staff,
        f"  Data dir:        {info['data_dir']}",
        f"  Log:             {info['log_file']}",
        *next_runs,
        "Ctrl-C to stop.",
        "",
    ]
    return "\n".join(lines)


def resource_lines(template: Template, resources: dict[str, dict[str, str]]) -> list[str]:
    """The buckets and queues the stack made, by their local name."""
    labels = {BUCKET_TYPE: "S3 bucket", QUEUE_TYPE: "SQS queue"}
    lines = []
    for logical_id, values in resources.items():
        label = labels.get(template["Resources"][logical_id]["Type"])
        if label:
            lines.append(f"  {label + ':':<16} {values['Ref']}   ({logical_id})")
    return lines


def staff_credentials_lines(
    accounts: list[StaffAccount], credentials_file: Path, data_dir: Path, root: Path, info: dict[str, Any] | None = None
) -> list[str]:
    """The demo staff accounts (username, password; supervisors sign in with a TOTP code from the
    secret in the file), where the file is, and the command that calls the API as one of them."""
    info = info or {}
    lines = [
        f"  Staff accounts:  {credentials_file}   ({len(accounts)} accounts; portal: {info.get('web_url', '/')}portal/)"
    ]
    width = max((len(account.username) for account in accounts), default=0)
    for account in accounts:
        mfa = "   + TOTP code (scripts/staff.py --as NAME --totp-code)" if account.totp_secret else ""
        lines.append(f"                   {account.username:<{width}}  {account.password}{mfa}")
    example = next((a for a in accounts if a.username == EXAMPLE_PRINCIPAL), None) or next(iter(accounts), None)
    if example is not None:
        # scripts/staff.py finds the accounts and the endpoint in <repo>/.local unless told otherwise.
        data_dir_option = "" if data_dir == (root / ".local").resolve() else f" --data-dir {data_dir}"
        client = f".venv/bin/python scripts/staff.py{data_dir_option} --as {example.username}"
        lines.append(f"  Staff client:    {client} GET /staff/me")
    return lines


def next_run_lines(schedules: list[ScheduleEvent], next_runs: dict[str, datetime]) -> list[str]:
    """When each schedule fires next, in its own time zone."""
    zones = {schedule.name: schedule.timezone for schedule in schedules}
    lines = []
    for name, moment in next_runs.items():
        local = moment.astimezone(ZoneInfo(zones[name]))
        lines.append(f"  Next {name}: {local:%Y-%m-%d %H:%M} {zones[name]}")
    return lines
