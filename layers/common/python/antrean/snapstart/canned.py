"""AWS answered from memory while priming: the process's clients send nothing, and a route's
request still runs its whole path through botocore (serialise, sign, parse) against answers that
name one made-up office and one of its supervisors. Nothing is written, no table or secret is
touched, and no connection is opened (so none is frozen into the snapshot)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

from antrean.domain import Hours, Office, ServiceCode, SessionDef, StaffMember, StaffRole, Weekday
from antrean.store import keys
from antrean.store.items import staff_item, to_item

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
_SECRET = "priming-only, never a key"  # noqa: S105 (a stand-in the priming requests hash with)


class _Body(io.BytesIO):
    """The raw body AWSResponse reads (urllib3's `stream()`)."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.getvalue()


def _dynamodb(operation: str, request: dict[str, Any]) -> dict[str, Any]:
    office = {**keys.office(OFFICE.office_id), **to_item({"config": OFFICE.model_dump_json(), "version": 0})}
    if operation == "Query":
        partition = request.get("ExpressionAttributeValues", {}).get(":pk", {}).get("S")
        found = (
            [office]
            if partition == keys.OFFICES
            else [staff_item(OPERATOR)]
            if partition == keys.office_staff(OFFICE.office_id)
            else []
        )
        return {"Items": found, "Count": len(found), "ScannedCount": len(found)}
    if operation == "GetItem":
        key = request.get("Key", {})
        if key == keys.staff(SUPERVISOR.principal):
            return {"Item": staff_item(SUPERVISOR)}
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
    else:  # S3: a delete (the only S3 call a priming request makes) answers 204, no body
        status, headers = 204, {}
    return AWSResponse(request.url, status, HTTPHeaders.from_dict(headers), _Body(payload))


@contextmanager
def answered_from_memory(*clients: Any) -> Iterator[None]:
    """Within the block, these clients' requests are answered by `_answer` instead of being sent."""
    for client in clients:
        client.meta.events.register_first("before-send", _answer, unique_id="antrean-priming")
    try:
        yield
    finally:
        for client in clients:
            client.meta.events.unregister("before-send", unique_id="antrean-priming")
