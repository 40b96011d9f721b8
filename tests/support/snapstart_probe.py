"""A Lambda environment's life under SnapStart, acted out in one fresh process against a moto server
(its endpoint is the first argument): init, the before-snapshot hooks, then either

- `imports`: a restore, and one real request of every route family of the two APIs and the intake,
  printing for each the modules it imported (none, when priming did its job); or
- `restores`: the secret rotated while the snapshot waits, then two environments forked from the
  snapshot, each restored, printing what each drew from `random` and the key it hashes with, and
  the same for two forks that skip the after-restore hooks (what SnapStart would do without them).

Prints one JSON object. Run by tests/integration/test_snapstart.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
from typing import Any

NOW = dt.datetime(2026, 11, 24, 1, 30, tzinfo=dt.UTC)  # Tuesday, 08:30 in Asia/Jakarta: Tegal is open
ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "ap-southeast-3",
    "AWS_REGION": "ap-southeast-3",
    "TABLE_NAME": "Table",
    "IDEMPOTENCY_TABLE_NAME": "IdempotencyTable",
    "SCANS_BUCKET": "antrean-probe-scans",
    "BOOKING_RETENTION_DAYS": "365",
    "NIK_KEY_SECRET": "antrean-probe-nik-key",
    "CHALLENGE_KEY_SECRET": "antrean-probe-challenge-key",
    "WEEKLY_BOOKINGS_PER_NIK": "3",
    "WEEKLY_BOOKINGS_PER_PHONE": "10",
    "WHATSAPP_API_URL": "",
    "POWERTOOLS_SERVICE_NAME": "probe",
    "POWERTOOLS_METRICS_NAMESPACE": "Probe",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "POWERTOOLS_METRICS_DISABLED": "true",
}


def _seed() -> None:
    """The tables, bucket and key, Tegal with its days opened, and Tegal's staff."""
    import boto3

    from antrean.logic.offices import save_offices
    from antrean.logic.staff import seed_staff
    from antrean_local.modules import load_function
    from antrean_local.resources import create_tables
    from antrean_local.template import load_template
    from antrean_local.workers import LambdaContext
    from tests.support import ROOT
    from tests.support.accounts import enrolled
    from tests.support.factories import demo_office, demo_staff

    create_tables(boto3.client("dynamodb"), load_template(ROOT / "template.yaml"))
    boto3.client("s3").create_bucket(
        Bucket=ENVIRONMENT["SCANS_BUCKET"], CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"}
    )
    boto3.client("secretsmanager").create_secret(Name=ENVIRONMENT["NIK_KEY_SECRET"], SecretString="probe-key-1")
    boto3.client("secretsmanager").create_secret(Name=ENVIRONMENT["CHALLENGE_KEY_SECRET"], SecretString="probe-pow")
    # The staff user pool, before any function reads STAFF_USER_POOL_ID; Tegal's supervisor has a code.
    os.environ["STAFF_USER_POOL_ID"] = boto3.client("cognito-idp").create_user_pool(PoolName="staff")["UserPool"]["Id"]
    save_offices([demo_office("tegal", booking_window_days=2)])
    members = [m for m in demo_staff() if m.office_id == "tegal"]
    seed_staff(members)
    for member in members:
        if member.mfa_enabled and member.username:
            enrolled(member.username)
    load_function("open_days").lambda_handler({}, LambdaContext.starting_now("probe"))


def _snapshot() -> None:
    """What Lambda does when it publishes a version: the before-snapshot hooks, last registered first."""
    import snapshot_restore_py

    for func, args, kwargs in reversed(snapshot_restore_py.get_before_snapshot()):  # type: ignore[misc]
        func(*args, **kwargs)


def _restore() -> None:
    import snapshot_restore_py

    for func, args, kwargs in snapshot_restore_py.get_after_restore():  # type: ignore[misc]
        func(*args, **kwargs)


def imports() -> dict[str, Any]:
    import requests

    from antrean_local.modules import load_function
    from antrean_local.workers import LambdaContext
    from tests.support.factories import api_event, booking_body, identity, principal, sqs_s3_event, walk_in_body

    public, staff, intake = (load_function(name) for name in ("public_api", "staff_api", "scan_intake"))
    context = LambdaContext.starting_now("probe")
    _snapshot()
    _restore()
    found: dict[str, Any] = {}

    def call(function: Any, name: str, event: dict[str, Any]) -> Any:
        before = set(sys.modules)
        answer = function.lambda_handler(event, context)
        found[name] = {
            "status": answer.get("statusCode", 200),
            "imported": sorted(set(sys.modules) - before),
        }
        return json.loads(answer["body"]) if isinstance(answer.get("body"), str) else answer

    today, tomorrow = "2026-11-24", "2026-11-25"
    booked = call(public, "book", api_event("POST", "/offices/tegal/bookings", body=booking_body(1, tomorrow)))
    reg = booked["registration_number"]
    keyed = {"Idempotency-Key": "probe-key-0001"}
    call(
        public,
        "book again",
        api_event("POST", "/offices/tegal/bookings", body=booking_body(2, tomorrow), headers=keyed),
    )
    call(public, "offices", api_event("GET", "/offices"))
    call(public, "office", api_event("GET", "/offices/tegal"))
    call(public, "availability", api_event("GET", "/offices/tegal/availability", query={"from": today, "to": tomorrow}))
    call(public, "now serving", api_event("GET", "/offices/tegal/now-serving"))
    lookup = {"nik": booking_body(1, tomorrow)["nik"], "date": tomorrow, "contact": booking_body(1, tomorrow)["phone"]}
    call(public, "find", api_event("GET", "/offices/tegal/bookings", query=lookup))
    call(public, "lottery", api_event("GET", "/offices/tegal/lottery", query=lookup))
    call(public, "track", api_event("GET", f"/bookings/{reg}"))
    call(public, "documents", api_event("GET", f"/bookings/{reg}/documents"))
    ticket = call(
        public,
        "upload link",
        api_event(
            "POST", f"/bookings/{reg}/documents/kk/upload", body={"nik": lookup["nik"], "content_type": "image/png"}
        ),
    )
    png = _png()
    requests.post(ticket["url"], data=ticket["fields"], files={"file": ("kk.png", png, "image/png")}, timeout=10)
    key = ticket["fields"]["key"]
    call(intake, "upload checked", sqs_s3_event(key, len(png), NOW.isoformat().replace("+00:00", "Z")))
    call(public, "cancel", api_event("POST", f"/bookings/{reg}/cancel", body={"nik": lookup["nik"]}))

    operator, supervisor = principal("operator-tegal"), principal("supervisor-tegal")
    today_booking = booking_body(3, today)
    booked_today = call(public, "book today", api_event("POST", "/offices/tegal/bookings", body=today_booking))
    office = "/staff/offices/tegal"

    def staff_call(name: str, method: str, path: str, body: Any = None, signer: str = operator) -> Any:
        return call(staff, name, api_event(method, path, body=body, signer=identity(signer)))

    staff_call("me", "GET", "/staff/me")
    staff_call("queue", "GET", f"{office}/queue")
    staff_call("walk-in", "POST", f"{office}/walk-ins", walk_in_body(4))
    staff_call("desk booking", "POST", f"{office}/bookings", walk_in_body(5))
    number = booked_today["registration_number"]
    staff_call("look up", "GET", f"{office}/bookings/{number}")
    staff_call("check in", "POST", f"{office}/bookings/{number}/check-in")
    staff_call("call next", "POST", f"{office}/queue/call-next", {"counter": 1})
    staff_call("serve", "POST", f"{office}/bookings/{number}/serve")
    staff_call("config", "GET", f"{office}/config", signer=supervisor)
    staff_call("reports", "GET", f"{office}/reports", signer=supervisor)
    return found


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("L", (200, 200), random.Random(7).randbytes(200 * 200)).save(buffer, "PNG")
    return buffer.getvalue()


def restores() -> dict[str, Any]:
    import boto3

    from antrean.logic.offices import get_office
    from antrean.pseudonyms import hash_keys
    from antrean.store import items, keys, store
    from antrean_local.modules import load_function

    load_function("public_api")
    _snapshot()
    hash_keys()  # as if init had read the key: the snapshot holds it
    tegal = get_office("tegal")  # and the offices' rules
    frozen = random.getstate()  # the snapshot's random state
    # The snapshot waits; meanwhile the NIK key rotates and Tegal's supervisor renames the office.
    boto3.client("secretsmanager").put_secret_value(SecretId=ENVIRONMENT["NIK_KEY_SECRET"], SecretString="probe-key-2")
    renamed = tegal.model_copy(update={"name": "Disdukcapil Kota Tegal (baru)"})
    store().table.put({**keys.office("tegal"), **items.to_item({"config": renamed.model_dump_json(), "version": 1})})
    sent: list[str] = []
    store().table.client.meta.events.register("before-send.dynamodb", lambda **_: sent.append("request"))
    results: dict[str, Any] = {}
    for label, renewed in (("restored", True), ("not restored", False)):
        draws = []
        for _ in range(2):
            read, write = os.pipe()
            child = os.fork()
            if child == 0:  # one environment resumed from the snapshot
                os.close(read)
                # A fork reseeds `random` (os.register_at_fork); a restored snapshot does not.
                random.setstate(frozen)
                if renewed:
                    _restore()
                sent.clear()
                seen = {
                    "random": random.random(),
                    "key": hash_keys().current.decode(),
                    "office": get_office("tegal").name,
                    "requests": len(sent),  # made by the request's reads, after the restore
                }
                os.write(write, json.dumps(seen).encode())
                os._exit(0)
            os.close(write)
            with os.fdopen(read) as answer:
                draws.append(json.loads(answer.read()))
            os.waitpid(child, 0)
        results[label] = draws
    return results


def main() -> None:
    endpoint, mode = sys.argv[1], sys.argv[2]
    os.environ.update(ENVIRONMENT, AWS_ENDPOINT_URL=endpoint)
    from antrean import clock

    clock.now = lambda: NOW  # type: ignore[assignment]  # a fixed morning, in Tegal's session A
    _seed()
    print(json.dumps(imports() if mode == "imports" else restores()))


if __name__ == "__main__":
    main()
