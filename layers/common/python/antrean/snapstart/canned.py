"""AWS answered from memory while priming: the process's clients send nothing, and a route's
request still runs its whole path through botocore (serialise, sign, parse) against answers that
name one made-up office, one of its supervisors, its days of today and tomorrow opened with a
free place in each session and pool, and, for any registration number asked about, a booking of
that office for today with an upload of its KK scan announced, and that scan in the bucket. So
the routes that book, those about a booking, and the intake run their paths to the end, not only
to a refusal or a "not found". Nothing is written, no table or secret is touched, and no
connection is opened (so none is frozen into the snapshot)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from botocore.model import ListShape, MapShape, Shape, StructureShape

from antrean import clock
from antrean.domain import (
    SHARED_POOL,
    Booking,
    BookingStatus,
    FreeSlot,
    HistoryEntry,
    Hours,
    Office,
    ScanType,
    ServiceCode,
    SessionDef,
    StaffMember,
    StaffRole,
    UploadTicket,
    Weekday,
)
from antrean.domain.booking import queue_number
from antrean.rules.calendar import office_now
from antrean.rules.plan import plan_day
from antrean.store import keys
from antrean.store.items import DAY_OPEN, PLAN, booking_item, from_item, slot_item, staff_item, to_item
from antrean.store.scans import ObjectKey

#: The made-up office every priming request is about (never stored anywhere).
OFFICE = Office(
    office_id="priming",
    name="Priming",
    region="Priming",
    daily_quota=10,
    sessions=(SessionDef(code="A", start=dt.time(8), end=dt.time(12)),),
    opening_hours={day: Hours(open=dt.time(8), close=dt.time(12)) for day in list(Weekday)},
    services=tuple(ServiceCode),
    walk_in_cap=5,
    challenge_cost=1,  # a proof of work of one try: the bookings' priming runs its check too
    upload_min_bytes=1,  # the scan below is a small one
)
SUPERVISOR = StaffMember(
    principal="cognito:00000000-0000-4000-8000-000000000001",
    username="priming",
    office_id=OFFICE.office_id,
    role=StaffRole.SUPERVISOR,
    name="Priming",
    mfa_enabled=True,
)
#: The account the supervisor's priming requests disable, enable and reset.
OPERATOR = StaffMember(
    principal="cognito:00000000-0000-4000-8000-000000000002",
    username="priming-operator",
    office_id=OFFICE.office_id,
    role=StaffRole.OPERATOR,
    name="Priming",
)
#: The made-up citizen of every booking priming finds, and of the requests that name one.
NIK, PHONE = "3523014501900001", "081234567890"
#: The scan every object read finds: an 8 x 8 grey PNG.
SCAN = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAAAAADhZOFXAAAAEElEQVR4nGM8wQABTAwUMQA6AADYhMgK6QAAAABJRU5ErkJggg=="
)
_SECRET = "priming-only, never a key"  # noqa: S105 (a stand-in the priming requests hash with)


class _Body(io.BytesIO):
    """The raw body AWSResponse reads (urllib3's `stream()`)."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.getvalue()


def _booking(key: dict[str, Any]) -> dict[str, Any] | None:
    """The made-up booking a read of `key` finds, if it is a booking's key: booked for the office's
    today."""
    if key.get("sk", {}).get("S") != "BOOKING" or not key.get("pk", {}).get("S", "").startswith("BOOKING#"):
        return None
    now = clock.now()
    booking = Booking(
        registration_number=key["pk"]["S"].removeprefix("BOOKING#"),
        office_id=OFFICE.office_id,
        service=ServiceCode.KTP_EL,  # it needs the KK scan the upload requests ask to send
        date=_days()[0],
        session="A",
        pool=SHARED_POOL,
        place=1,
        queue_number=queue_number("A", 1),
        arrival_time=dt.time(8),
        nik=NIK,
        name="Priming",
        phone="+62" + PHONE.removeprefix("0"),  # stored as E.164
        status=BookingStatus.BOOKED,
        history=(HistoryEntry(at=now, status=BookingStatus.BOOKED),),
        created_at=now,
    )
    return booking_item(booking, int(now.timestamp()) + 86_400)


def _ticket(key: dict[str, Any]) -> dict[str, Any] | None:
    """The announced upload a read of `key` finds, if it is an upload's key: the booking's KK scan."""
    pk, sk = key.get("pk", {}).get("S", ""), key.get("sk", {}).get("S", "")
    if not pk.startswith("BOOKING#") or not sk.startswith("UPLOAD#"):
        return None
    now, registration_number, upload_id = clock.now(), pk.removeprefix("BOOKING#"), sk.removeprefix("UPLOAD#")
    ticket = UploadTicket(
        registration_number=registration_number,
        upload_id=upload_id,
        document_type="kk",
        object_key=str(ObjectKey(OFFICE.office_id, registration_number, "kk", upload_id)),
        content_type=ScanType.PNG,
        issued_at=now,
        valid_until=now + dt.timedelta(hours=1),
    )
    return to_item({**ticket.model_dump(mode="json"), **from_item(key)})


def _days() -> tuple[dt.date, dt.date]:
    """The made-up office's today and tomorrow."""
    today = office_now(OFFICE, clock.now()).date()
    return today, today + dt.timedelta(days=1)


def _opened_days() -> list[dict[str, Any]]:
    """The made-up office's opened days: today and tomorrow, each with its plan."""
    now = clock.now()
    return [
        {
            **keys.opened_day(OFFICE.office_id, day),
            **to_item(
                {
                    "state": DAY_OPEN,
                    "plan": PLAN.dump_json(plan_day(OFFICE, day)).decode(),
                    "walk_ins": OFFICE.walk_in_cap,
                    "opened_at": now.isoformat(),
                }
            ),
        }
        for day in _days()
    ]


def _free_slots(partition: str | None) -> list[dict[str, Any]]:
    """The free places a query of the free-slot index finds on one of the made-up office's days:
    the first of each session and pool planned for it."""
    for day in _days():
        if partition == keys.free_pk(OFFICE.office_id, day):
            return [
                slot_item(OFFICE.office_id, day, FreeSlot(planned.code, pool.first_place, pool.name, planned.start), 0)
                for planned in plan_day(OFFICE, day)
                for pool in planned.pools
            ]
    return []


def _dynamodb(operation: str, request: dict[str, Any]) -> dict[str, Any]:
    office = {**keys.office(OFFICE.office_id), **to_item({"config": OFFICE.model_dump_json(), "version": 0})}
    if operation == "Query":
        partition = request.get("ExpressionAttributeValues", {}).get(":pk", {}).get("S")
        found = (
            [office]
            if partition == keys.OFFICES
            else [staff_item(OPERATOR)]
            if partition == keys.office_staff(OFFICE.office_id)
            else _opened_days()
            if partition == keys.opened_days(OFFICE.office_id)
            else _free_slots(partition)
            if request.get("IndexName") == keys.FREE_INDEX
            else []
        )
        return {"Items": found, "Count": len(found), "ScannedCount": len(found)}
    if operation == "GetItem":
        key = request.get("Key", {})
        if key == keys.staff(SUPERVISOR.principal):
            return {"Item": staff_item(SUPERVISOR)}
        if (item := _booking(key) or _ticket(key)) is not None:
            return {"Item": item}
        return {"Item": office} if key == keys.office(OFFICE.office_id) else {}
    if operation == "BatchGetItem":
        return {"Responses": {}, "UnprocessedKeys": {}}
    if operation == "BatchWriteItem":
        return {"UnprocessedItems": {}}
    return {}  # a write: taken, and dropped


def _secretsmanager(operation: str, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    if operation == "GetSecretValue" and request.get("VersionStage", "AWSCURRENT") == "AWSCURRENT":
        return 200, {"Name": request["SecretId"], "VersionId": "priming", "SecretString": _SECRET}
    return 400, {"__type": "ResourceNotFoundException", "Message": "no such version (priming)"}


def _cognito_idp(operation: str, request: dict[str, Any]) -> dict[str, Any]:
    if operation == "AdminCreateUser":
        sub = {"Name": "sub", "Value": "00000000-0000-4000-8000-000000000003"}
        return {"User": {"Username": request.get("Username", "priming"), "Attributes": [sub]}}
    if operation == "AdminGetUser":
        return {"Username": request.get("Username", "priming"), "UserMFASettingList": ["SOFTWARE_TOKEN_MFA"]}
    return {}  # a change: taken, and dropped


def _answer(request: AWSPreparedRequest, event_name: str, **_: Any) -> AWSResponse:
    service, operation = event_name.split(".")[-2:]
    sent = request.body if isinstance(request.body, bytes | str) else b""
    body = json.loads(sent or b"{}") if service in ("dynamodb", "secrets-manager", "cognito-identity-provider") else {}
    status, headers, payload = 200, {"Content-Type": "application/x-amz-json-1.0"}, b""
    if service == "dynamodb":
        payload = json.dumps(_dynamodb(operation, body)).encode()
    elif service == "secrets-manager":
        status, answer = _secretsmanager(operation, body)
        headers["Content-Type"] = "application/x-amz-json-1.1"
        payload = json.dumps(answer).encode()
    elif service == "cognito-identity-provider":
        headers["Content-Type"] = "application/x-amz-json-1.1"
        payload = json.dumps(_cognito_idp(operation, body)).encode()
    elif request.method == "GET":  # S3: an object's read (the intake's, of a range)
        status, payload = 206, SCAN
        headers = {"Content-Type": "image/png", "Content-Range": f"bytes 0-{len(SCAN) - 1}/{len(SCAN)}"}
    else:  # S3: a delete answers 204, no body
        status, headers = 204, {}
    return AWSResponse(request.url, status, HTTPHeaders.from_dict(headers), _Body(payload))


#: Set while priming: `_answer_while_priming` answers only then.
_answering = threading.Event()
#: The operations priming answered, as botocore names their events ("dynamodb.GetItem").
_answered: set[str] = set()


def _answer_while_priming(request: AWSPreparedRequest, event_name: str, **_: Any) -> AWSResponse | None:
    if not _answering.is_set():
        return None  # sent as usual
    _answered.add(event_name.removeprefix("before-send."))
    return _answer(request, event_name)


@contextmanager
def answered_from_memory(*clients: Any) -> Iterator[None]:
    """Within the block, these clients' requests are answered by `_answer` instead of being sent.

    After it, the handler stays registered and lets every request through: botocore forgets each
    event's list of handlers when any handler is unregistered, and the first real request would
    look up again those of each of its events (about 0.1 ms, bench/snapstart.py --calls). And
    the shapes of what each operation it answered sends and receives are resolved in full
    (`_resolve_shapes`), not only as deep as the made-up answers went."""
    for client in clients:
        client.meta.events.register_first("before-send", _answer_while_priming, unique_id="antrean-priming")
    _answering.set()
    try:
        yield
    finally:
        _answering.clear()
    for client in clients:
        model = client.meta.service_model
        for answered in sorted(_answered):
            service, operation = answered.split(".")
            if service == model.service_id.hyphenize():
                _resolve_shapes(model.operation_model(operation).input_shape)
                _resolve_shapes(model.operation_model(operation).output_shape)


def _resolve_shapes(shape: Shape | None, depth: int = 12) -> None:
    """Resolve every member of `shape`, `depth` levels deep. botocore resolves a shape's members on
    first use and keeps them (per operation, and per level of a nested value: a DynamoDB item's
    maps and lists), so the first item read with a list of maps would resolve them then: some 35
    shapes, 0.3 ms. 12 levels hold four of a DynamoDB value's within a list of items (a value
    takes 2: the value, then its map or list); the items here nest three (a booking's history:
    a list of maps of strings). Each level more costs about ten times as much (18: 0.4 s)."""
    if shape is None or depth == 0:
        return
    if isinstance(shape, StructureShape):
        for member in shape.members.values():
            _resolve_shapes(member, depth - 1)
    elif isinstance(shape, ListShape):
        _resolve_shapes(shape.member, depth - 1)
    elif isinstance(shape, MapShape):
        _resolve_shapes(shape.key, depth - 1)
        _resolve_shapes(shape.value, depth - 1)
