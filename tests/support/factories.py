"""Realistic test data: valid NIKs, phone numbers and booking bodies; the demo offices (one loader of
data/offices) and the offices tests build on them; staff members; API Gateway, SQS and sample events."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from typing import Any
from urllib.parse import quote_plus, urlencode

from antrean.domain import Hours, Office, ServiceCode, SessionDef, StaffMember, StaffRole, Weekday
from antrean.snapstart.requests import signed_in
from tests.support import ROOT

# --- citizens -------------------------------------------------------------------------------------


def nik(serial: int, *, woman: bool = False, province: int = 35) -> str:
    """A valid NIK from Kabupaten Tuban (35 23 01), born 1 Jan 1990, with this serial (1-9999)."""
    day = 41 if woman else 1
    return f"{province:02d}2301{day:02d}0190{serial:04d}"


def phone(serial: int) -> str:
    return f"0812{serial:08d}"


def booking_body(serial: int, day: str, session: str = "A", service: str = "ktp_el", **changes: Any) -> dict[str, Any]:
    body = {
        "nik": nik(serial),
        "name": "Siti Aminah",
        "phone": phone(serial),
        "service": service,
        "date": day,
        "session": session,
    }
    body.update(changes)
    return body


def walk_in_body(serial: int) -> dict[str, Any]:
    """A citizen at the counter without a booking, as the operator enters them."""
    return {"service": "ktp_el", "nik": nik(serial), "name": "Warga Uji"}


def noise_image(width: int, height: int, image_format: str) -> bytes:
    """A photo-like image (random pixels do not compress) as PNG, JPEG or a one-page PDF."""
    import io
    import random

    from PIL import Image

    rng = random.Random(width * height)
    image = Image.frombytes("RGB", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height * 3)))
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


# --- offices --------------------------------------------------------------------------------------

DEMO_OFFICES = ROOT / "data" / "offices"


def demo_office(office_id: str, **changes: Any) -> Office:
    """The demo office data/offices/<office_id>.json describes, with `changes` to its rules."""
    rules = json.loads((DEMO_OFFICES / f"{office_id}.json").read_text())
    return Office.model_validate({**rules, **changes})


def small(office_id: str) -> Office:
    """A demo office with a two-day window (today and tomorrow): moto copies the whole table on
    every transaction, so in-process tests keep large offices' tables small."""
    return demo_office(office_id, booking_window_days=2)


def demo_office_ids() -> list[str]:
    """Every demo office's id, in order."""
    return [path.stem for path in sorted(DEMO_OFFICES.glob("*.json"))]


def all_day_office(office_id: str, walk_in_cap: int) -> Office:
    """Open 00:00-23:59 every day (cuti bersama too; national holidays close any office), and
    booked today only."""
    all_day = Hours(open=dt.time(0, 0), close=dt.time(23, 59))
    return Office(
        office_id=office_id,
        name=f"Disdukcapil Uji {office_id}",
        region="Kabupaten Uji, Jawa Tengah",
        timezone="Asia/Jakarta",
        booking_window_days=1,
        daily_quota=5,
        sessions=(SessionDef(code="A", start=dt.time(8, 0), end=dt.time(12, 0)),),
        opening_hours=dict.fromkeys(Weekday, all_day),
        services=(ServiceCode.KTP_EL,),
        walk_in_cap=walk_in_cap,
        observe_cuti_bersama=False,
        challenge_cost=0,
    )


# --- staff ----------------------------------------------------------------------------------------

#: Sumberjo, the village of Rembang's demo village officer.
VILLAGE = "3317052001"


def villager_nik(serial: int) -> str:
    """A valid NIK issued in Sumberjo's district of Kabupaten Rembang (33 17 05), born 1 Jan 1990:
    a resident the village officer files for without confirming another regency."""
    return f"{VILLAGE[:6]}010190{serial:04d}"


def principal(username: str) -> str:
    """The principal of the person signing in as `username`: ``cognito:<sub>``, the sub made up
    from the name (the same name, the same sub)."""
    return f"cognito:{uuid.uuid5(uuid.NAMESPACE_URL, 'antrean-test:' + username)}"


def identity(person: str | None) -> dict[str, str]:
    """requestContext.identity of a request signed with the identity-pool credentials of `person`
    (``cognito:<sub>``, of the user pool STAFF_USER_POOL_ID names); empty for an unsigned request."""
    return signed_in(person, os.environ["STAFF_USER_POOL_ID"]) if person else {}


def operator(office_id: str) -> str:
    return f"operator-{office_id}"


def supervisor(office_id: str) -> str:
    return f"supervisor-{office_id}"


def staff_member(username: str, office_id: str, role: StaffRole, name: str, active: bool = True) -> StaffMember:
    """A person's staff record; supervisors have set up their sign-in code (they must)."""
    return StaffMember(
        principal=principal(username),
        username=username,
        office_id=office_id,
        role=role,
        name=name,
        active=active,
        mfa_enabled=role == StaffRole.SUPERVISOR,
    )


def demo_staff() -> list[StaffMember]:
    """An operator and a supervisor of every demo office (`operator-tegal`, ...), and Rembang's
    village officer (`village-officer-rembang`)."""
    members = [
        staff_member(f"{role}-{office_id}", office_id, role, f"{role} {office_id}")
        for office_id in demo_office_ids()
        for role in (StaffRole.OPERATOR, StaffRole.SUPERVISOR)
    ]
    village = StaffMember(
        principal=principal("village-officer-rembang"),
        username="village-officer-rembang",
        office_id="rembang",
        role=StaffRole.VILLAGE_OFFICER,
        name="Petugas Desa Sumberjo",
        village=VILLAGE,
    )
    return [*members, village]


# --- events ---------------------------------------------------------------------------------------


def sample_event(name: str) -> dict[str, Any]:
    """The sample event events/<name>.json (for `sam local invoke` or the console's test events)."""
    event: dict[str, Any] = json.loads((ROOT / "events" / f"{name}.json").read_text())
    return event


def api_event(
    method: str,
    path: str,
    *,
    body: Any = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    resource: str | None = None,
    path_parameters: dict[str, str] | None = None,
    signer: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST (v1) proxy event, as API Gateway sends it to the function (with the
    signer's fields in requestContext.identity for an AWS_IAM route: `identity(username)`)."""
    text = body if isinstance(body, str) or body is None else json.dumps(body)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return {
        "resource": resource or path,
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {k: [v] for k, v in all_headers.items()},
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_parameters,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource or path,
            "httpMethod": method,
            "path": f"/prod{path}" + (f"?{urlencode(query)}" if query else ""),
            "stage": "prod",
            "requestId": "test-request",
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "pytest", **(signer or {})},
        },
        "body": text,
        "isBase64Encoded": False,
    }


def sqs_s3_event(key: str, size: int, at: str, message_id: str = "msg-1") -> dict[str, Any]:
    """An SQS event carrying one S3 ObjectCreated notification, as the intake function gets it."""
    notification = {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "ap-southeast-3",
                "eventTime": at,
                "eventName": "ObjectCreated:Post",
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "scans",
                    "bucket": {"name": "antrean-test-scans", "arn": "arn:aws:s3:::antrean-test-scans"},
                    "object": {"key": quote_plus(key, safe="/"), "size": size, "sequencer": "0A1B2C3D4E5F678901"},
                },
            }
        ]
    }
    return {
        "Records": [
            {
                "messageId": message_id,
                "receiptHandle": f"receipt-{message_id}",
                "body": json.dumps(notification),
                "attributes": {
                    "ApproximateReceiveCount": "1",
                    "SentTimestamp": "1795500000000",
                    "SenderId": "AIDAEXAMPLE",
                    "ApproximateFirstReceiveTimestamp": "1795500000001",
                },
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:ap-southeast-3:123456789012:ScanEventsQueue",
                "awsRegion": "ap-southeast-3",
            }
        ]
    }
