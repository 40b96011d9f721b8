"""SigV4 on the local gateway's AWS_IAM routes, as API Gateway verifies it, with an IAM user's
long-term keys (scripts); and the demo staff accounts file.

Requests are signed by botocore's own SigV4Auth (the client side is never re-implemented here),
then sent to the gateway as it would receive them, or tampered with on the way.
"""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import botocore.auth
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from antrean_local import REGION
from antrean_local.gateway import Gateway
from antrean_local.proxy_integration import Request, Response
from antrean_local.sigv4 import SigningKey, new_iam_user_key
from antrean_local.staff_credentials import demo_principals, load_or_create, new_credential
from antrean_local.template import LOCAL_ACCOUNT_ID, Route
from tests.local.support import FakeFunctions, exchange

BASE = "http://127.0.0.1:3000"
#: The gateway's clock in these tests; botocore signs at this moment unless a test says otherwise.
NOW = datetime(2026, 11, 24, 20, 0, 0, tzinfo=UTC)
MISMATCH = "The request signature we calculated does not match the signature you provided."

ROUTES = [
    Route("GET", "/offices", "NONE", "PublicApiFunction", "ListOffices", "prod"),
    Route("GET", "/staff/offices/{office_id}/queue", "AWS_IAM", "StaffApiFunction", "Queue", "prod"),
    Route("ANY", "/staff/offices/{office_id}/queue/{number}/call", "AWS_IAM", "StaffApiFunction", "Call", "prod"),
]
QUEUE_URL = f"{BASE}/staff/offices/tegal/queue?date=2026-11-25&status=waiting&status=called&q=Siti%20Aminah"
CALL_URL = f"{BASE}/staff/offices/tegal/queue/B-017/call"
CALL_BODY = b'{"counter": 3, "note": "loket 3"}'


@pytest.fixture
def operator() -> SigningKey:
    return new_iam_user_key("operator-tegal", LOCAL_ACCOUNT_ID)


@pytest.fixture
def functions() -> FakeFunctions:
    return FakeFunctions()


@pytest.fixture
def gateway(functions: FakeFunctions, operator: SigningKey) -> Gateway:
    keys = {key.access_key_id: key for key in (operator, new_iam_user_key("supervisor-tegal", LOCAL_ACCOUNT_ID))}
    return Gateway(ROUTES, functions, clock=NOW.timestamp, signing_keys=keys)


def sign(
    url: str,
    method: str = "GET",
    body: bytes = b"",
    *,
    key: SigningKey,
    secret: str | None = None,
    service: str = "execute-api",
    region: str = REGION,
    at: datetime = NOW,
    token: str | None = None,
    content_sha256: str | None = None,
    monkeypatch: pytest.MonkeyPatch,
) -> Request:
    """The request an HTTP client sends after botocore's SigV4Auth signed it at ``at``."""
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: at.replace(tzinfo=None))
    headers = {"Content-Type": "application/json"} if body else {}
    if content_sha256:
        headers["X-Amz-Content-SHA256"] = content_sha256  # botocore then signs this as the payload hash
    aws_request = AWSRequest(method=method, url=url, data=body, headers=headers)
    credentials = Credentials(key.access_key_id, secret or key.secret_access_key, token)
    SigV4Auth(credentials, service, region).add_auth(aws_request)
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    sent = [("Host", parts.netloc), ("User-Agent", "staff-portal"), *aws_request.headers.items()]
    return Request(method, target, sent, body, client_ip="10.0.0.7")


def message(response: Response) -> str:
    return str(json.loads(response.body)["message"])


def error_type(response: Response) -> str | None:
    return next((value for name, value in response.headers if name == "x-amzn-ErrorType"), None)


def replace_header(request: Request, name: str, value: str) -> Request:
    headers = [(n, value if n.lower() == name.lower() else v) for n, v in request.headers]
    return Request(request.method, request.target, headers, request.body, request.client_ip)


# --- Accepted ---------------------------------------------------------------------------------------


def test_signed_request_reaches_the_handler_with_the_callers_identity(
    gateway: Gateway, functions: FakeFunctions, operator: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = gateway.handle(sign(QUEUE_URL, key=operator, monkeypatch=monkeypatch))
    assert response.status == 200, response.body
    event = functions.event
    assert event["function_id"] == "StaffApiFunction"
    assert event["multiValueQueryStringParameters"]["status"] == ["waiting", "called"]
    identity = event["requestContext"]["identity"]
    assert identity["accessKey"] == operator.access_key_id
    assert identity["caller"] == identity["user"] == operator.principal_id
    assert identity["principalOrgId"] is None
    assert operator.principal_id.startswith("AIDA")
    assert identity["userArn"] == f"arn:aws:iam::{LOCAL_ACCOUNT_ID}:user/operator-tegal"
    assert identity["accountId"] == LOCAL_ACCOUNT_ID
    assert identity["sourceIp"] == "10.0.0.7"
    assert identity["userAgent"] == "staff-portal"


def test_signed_post_with_body_and_encoded_path(
    gateway: Gateway, functions: FakeFunctions, operator: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"{BASE}/staff/offices/kab%20tegal/queue/B%2B017/call"  # segments API Gateway double-encodes
    response = gateway.handle(sign(url, "POST", CALL_BODY, key=operator, monkeypatch=monkeypatch))
    assert response.status == 200, response.body
    assert functions.event["body"] == CALL_BODY.decode()
    assert functions.event["pathParameters"] == {"office_id": "kab%20tegal", "number": "B%2B017"}


@pytest.mark.parametrize(("declared", "status"), [(hashlib.sha256(CALL_BODY).hexdigest(), 200), ("0" * 64, 403)])
def test_a_signed_content_hash_must_be_the_bodys(
    gateway: Gateway,
    functions: FakeFunctions,
    operator: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
    declared: str,
    status: int,
) -> None:
    request = sign(CALL_URL, "POST", CALL_BODY, key=operator, content_sha256=declared, monkeypatch=monkeypatch)
    response = gateway.handle(request)
    assert response.status == status
    assert len(functions.events) == (status == 200)


def test_signed_request_over_http(
    gateway: Gateway, functions: FakeFunctions, operator: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = sign(CALL_URL, "POST", CALL_BODY, key=operator, monkeypatch=monkeypatch)
    head = f"POST {request.target} HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in request.headers)
    raw = f"{head}Content-Length: {len(CALL_BODY)}\r\nConnection: close\r\n\r\n".encode() + CALL_BODY
    assert exchange(gateway, raw).startswith(b"HTTP/1.1 200 ")
    assert functions.event["requestContext"]["identity"]["accessKey"] == operator.access_key_id


@pytest.mark.parametrize("skew", [timedelta(minutes=-4, seconds=-59), timedelta(minutes=4, seconds=59)])
def test_clock_skew_under_five_minutes_is_accepted(
    gateway: Gateway, functions: FakeFunctions, operator: SigningKey, monkeypatch: pytest.MonkeyPatch, skew: Any
) -> None:
    response = gateway.handle(sign(QUEUE_URL, key=operator, at=NOW + skew, monkeypatch=monkeypatch))
    assert response.status == 200, response.body


def test_public_routes_stay_open(gateway: Gateway, functions: FakeFunctions) -> None:
    response = gateway.handle(Request("GET", "/offices", [("Host", "127.0.0.1:3000")]))
    assert response.status == 200
    assert functions.event["requestContext"]["identity"]["accessKey"] is None


# --- Refused, before the handler runs ----------------------------------------------------------------


def tampered(kind: str, operator: SigningKey, monkeypatch: pytest.MonkeyPatch) -> Request:
    """A request signed by botocore, then changed in one way (or signed the wrong way)."""
    call = sign(CALL_URL, "POST", CALL_BODY, key=operator, monkeypatch=monkeypatch)
    queue = sign(QUEUE_URL, key=operator, monkeypatch=monkeypatch)
    other_secret = new_iam_user_key("someone", LOCAL_ACCOUNT_ID).secret_access_key
    if kind == "body":
        return Request(call.method, call.target, call.headers, CALL_BODY.replace(b"3", b"4"))
    if kind == "path":
        return Request(call.method, call.target.replace("tegal", "bogor"), call.headers, call.body)
    if kind == "query":
        return Request(queue.method, queue.target.replace("2026-11-25", "2026-11-26"), queue.headers)
    if kind == "extra query":
        return Request(queue.method, queue.target + "&status=served", queue.headers)
    if kind == "method":
        return Request("PUT", call.target, call.headers, call.body)
    if kind == "content hash":
        lying = [*call.headers, ("X-Amz-Content-Sha256", "0" * 64)]
        return Request(call.method, call.target, lying, call.body)
    if kind == "signed header":
        return replace_header(call, "User-Agent", "curl")  # not signed: changing it is fine ...
    if kind == "host":
        return replace_header(call, "Host", "evil.example:3000")  # ... but Host is signed
    if kind == "wrong secret":
        return sign(CALL_URL, "POST", CALL_BODY, key=operator, secret=other_secret, monkeypatch=monkeypatch)
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind", ["body", "path", "query", "extra query", "method", "content hash", "host", "wrong secret"]
)
def test_tampered_or_wrongly_signed_requests_are_refused(
    gateway: Gateway, functions: FakeFunctions, operator: SigningKey, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    response = gateway.handle(tampered(kind, operator, monkeypatch))
    assert response.status == 403
    assert message(response).startswith(MISMATCH)
    assert "The Canonical String for this request should have been" in message(response)
    assert error_type(response) == "InvalidSignatureException"
    assert functions.events == []


def test_unsigned_header_may_change(
    gateway: Gateway, functions: FakeFunctions, operator: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert gateway.handle(tampered("signed header", operator, monkeypatch)).status == 200


def test_unsigned_request_is_missing_a_token(gateway: Gateway, functions: FakeFunctions) -> None:
    response = gateway.handle(Request("GET", "/staff/offices/tegal/queue", [("Host", "127.0.0.1:3000")]))
    assert response.status == 403
    assert json.loads(response.body) == {"message": "Missing Authentication Token"}
    assert error_type(response) == "MissingAuthenticationTokenException"
    assert functions.events == []


def test_unknown_access_key_is_an_invalid_token(
    gateway: Gateway, functions: FakeFunctions, monkeypatch: pytest.MonkeyPatch
) -> None:
    stranger = new_iam_user_key("operator-tegal", LOCAL_ACCOUNT_ID)  # same name, keys the gateway never knew
    response = gateway.handle(sign(QUEUE_URL, key=stranger, monkeypatch=monkeypatch))
    assert response.status == 403
    assert json.loads(response.body) == {"message": "The security token included in the request is invalid."}
    assert error_type(response) == "UnrecognizedClientException"
    assert functions.events == []


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"service": "s3"}, "Credential should be scoped to correct service: 'execute-api'. "),
        ({"region": "us-east-1"}, "Credential should be scoped to a valid region, not 'us-east-1'. "),
        (
            {"at": NOW - timedelta(minutes=6)},
            "Signature expired: 20261124T195400Z is now earlier than 20261124T195500Z (20261124T200000Z - 5 min.)",
        ),
        (
            {"at": NOW + timedelta(minutes=6)},
            "Signature not yet current: 20261124T200600Z is still later than 20261124T200500Z "
            "(20261124T200000Z + 5 min.)",
        ),
        ({"token": "FwoGZXIvYXdzEJr"}, "The security token included in the request is invalid."),
    ],
)
def test_wrong_scope_time_or_token_is_refused(
    gateway: Gateway,
    functions: FakeFunctions,
    operator: SigningKey,
    monkeypatch: pytest.MonkeyPatch,
    options: dict[str, Any],
    expected: str,
) -> None:
    response = gateway.handle(sign(QUEUE_URL, key=operator, monkeypatch=monkeypatch, **options))
    assert (response.status, message(response)) == (403, expected)
    assert functions.events == []


def test_credential_date_must_be_the_date_of_x_amz_date(
    gateway: Gateway, functions: FakeFunctions, operator: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = sign(QUEUE_URL, key=operator, monkeypatch=monkeypatch)
    authorization = dict(request.headers)["Authorization"]
    response = gateway.handle(
        replace_header(request, "Authorization", authorization.replace("/20261124/", "/20261123/"))
    )
    assert response.status == 403
    assert message(response) == (
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
        "'20261123' != '20261124', from '20261124T200000Z'."
    )
    assert functions.events == []


@pytest.mark.parametrize(
    ("authorization", "expected"),
    [
        ("Bearer abc", "Authorization header requires 'AWS4-HMAC-SHA256' as its algorithm."),
        ("AWS4-HMAC-SHA256 Credential=AKIA/20261124/ap-southeast-3/execute-api/aws4_request", "requires 'Signature'"),
        ("AWS4-HMAC-SHA256 Credential", "Invalid key=value pair (missing equal-sign) in Authorization header"),
    ],
)
def test_malformed_authorization_is_refused(
    gateway: Gateway, functions: FakeFunctions, authorization: str, expected: str
) -> None:
    headers = [("Host", "127.0.0.1:3000"), ("X-Amz-Date", "20261124T200000Z"), ("Authorization", authorization)]
    response = gateway.handle(Request("GET", "/staff/offices/tegal/queue", headers))
    assert response.status == 403
    assert expected in message(response)
    assert error_type(response) == "IncompleteSignatureException"
    assert functions.events == []


def test_missing_x_amz_date_is_refused(
    gateway: Gateway, functions: FakeFunctions, operator: SigningKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = sign(QUEUE_URL, key=operator, monkeypatch=monkeypatch)
    headers = [(name, value) for name, value in request.headers if name != "X-Amz-Date"]
    response = gateway.handle(Request(request.method, request.target, headers))
    assert response.status == 403
    assert "requires existence of either a 'X-Amz-Date' or a 'Date' header" in message(response)
    assert functions.events == []


# --- Demo staff credentials --------------------------------------------------------------------------


def test_demo_principals_per_office_and_the_village_officer(tmp_path: Path) -> None:
    offices = tmp_path / "data" / "offices"
    offices.mkdir(parents=True)
    for office in ("tegal", "bogor"):
        (offices / f"{office}.json").write_text(json.dumps({"office_id": office}))
    assert demo_principals(tmp_path) == [
        "operator-bogor",
        "supervisor-bogor",
        "operator-tegal",
        "supervisor-tegal",
        "village-officer-rembang",
    ]


def test_accounts_file_is_made_once_private_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "staff-credentials.json"
    first = load_or_create(path, ["operator-tegal", "supervisor-tegal"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [(a.username, a.office_id, a.role) for a in first] == [
        ("operator-tegal", "tegal", "operator"),
        ("supervisor-tegal", "tegal", "supervisor"),
    ]
    operator, supervisor = first
    assert len(operator.password) >= 12
    assert operator.password != supervisor.password
    assert (operator.totp_secret, len(supervisor.totp_secret or "")) == (None, 32)  # supervisors use TOTP

    again = load_or_create(path, ["operator-tegal", "supervisor-tegal", "operator-bogor"])
    assert again[:2] == first  # a restart keeps the passwords people sign in with
    assert again[2].username == "operator-bogor"  # a new demo office gets its accounts
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entries = json.loads(path.read_text())["staff"]
    assert set(entries[0]) == {"username", "password", "office_id", "role"}
    assert set(entries[1]) == {"username", "password", "office_id", "role", "totp_secret"}


def test_an_old_keys_file_is_replaced_by_accounts(tmp_path: Path) -> None:
    path = tmp_path / "staff-credentials.json"
    path.write_text(json.dumps({"users": [{"name": "operator-tegal", "access_key_id": "AKIA"}]}))

    accounts = load_or_create(path, ["operator-tegal"])

    assert [a.username for a in accounts] == ["operator-tegal"]
    assert "users" not in json.loads(path.read_text())


def test_accounts_for_an_office_of_a_tests_own_are_made_by_name() -> None:
    account = new_credential("supervisor-e2e-portal")
    assert (account.office_id, account.role, account.totp_secret is not None) == ("e2e-portal", "supervisor", True)
