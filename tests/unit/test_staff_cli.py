"""scripts/staff.py, the staff API's command-line client: what it signs is what the local gateway's
own SigV4 verifier (and so API Gateway) accepts, with the identity pool's temporary credentials of
the account it signs in as (or a profile's keys on AWS), and how it reports answers and mistakes.

A tiny HTTP server on 127.0.0.1 stands in for the gateway: it records each request the way
local/antrean_local/gateway.py builds its SignedRequest (method, raw target, headers, body) and
answers what the test asks; the test then verifies the recorded request with ``sigv4.verify`` and
the local identity pool's own check of its credentials. Signing in (SRP with the user pool, the
identity pool's GetId and GetCredentialsForIdentity) is stood in for by that identity pool issuing
credentials at once; the real sign-in runs in the local and end-to-end tests.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyotp
import pytest
from botocore.credentials import Credentials

from antrean_local import sigv4
from antrean_local.cognito.identity_pool import CredentialIssuer, StaffPool
from antrean_local.sigv4 import SignedRequest, SigningKey, new_iam_user_key
from antrean_local.staff_credentials import StaffAccount, new_credential, write
from antrean_local.template import LOCAL_ACCOUNT_ID
from scripts import staff

#: The local identity pool, issuing credentials at once for whoever signs in.
ISSUER = CredentialIssuer(
    StaffPool("ap-southeast-3_test", "client", "ap-southeast-3:identity-pool", "antrean-local-StaffSignedInRole"),
    b"k" * 32,
    lambda sub, issued_at: True,
)
REPORT = "/staff/offices/tegal/reports?from=2026-11-01&to=2026-11-30&format=csv"
CALL_NEXT = "/staff/offices/tegal/queue/call-next"


@dataclass
class Reply:
    status: int = 200
    content_type: str = "application/json"
    body: bytes = b'{"ok":true}'
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class FakeGateway:
    """What the server received, and what it answers next."""

    url: str
    received: list[SignedRequest] = field(default_factory=list)
    reply: Reply = field(default_factory=Reply)

    @property
    def last(self) -> SignedRequest:
        assert len(self.received) == 1, self.received
        return self.received[0]


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    fake = FakeGateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            # As GatewayRequestHandler builds its Request: the raw target and the headers as sent.
            fake.received.append(SignedRequest(self.command, self.path, list(self.headers.items()), body))
            self.send_response(fake.reply.status)
            self.send_header("Content-Type", fake.reply.content_type)
            for name, value in fake.reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(fake.reply.body)))
            self.end_headers()
            self.wfile.write(fake.reply.body)

        do_GET = do_POST = _serve

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
    thread.join()


def sub_of(username: str) -> str:
    """The user pool's sub of an account in these tests."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, username))


@pytest.fixture
def users() -> list[StaffAccount]:
    return [new_credential("operator-tegal"), new_credential("supervisor-tegal"), new_credential("operator-tuban")]


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Who signed in, in order: each sign-in gets credentials of the local identity pool at once."""
    who: list[str] = []

    def sign_in(info: dict[str, Any], account: dict[str, Any]) -> str:
        assert info["user_pool_id"] == "ap-southeast-3_test"
        who.append(account["username"])
        return f"id-token-of:{account['username']}"

    def identity_pool_credentials(info: dict[str, Any], id_token: str) -> tuple[Credentials, datetime]:
        sub = sub_of(id_token.split(":", 1)[1])
        issued = ISSUER.issue(ISSUER.identity_id(sub), sub, time.time())
        credentials = Credentials(issued["AccessKeyId"], issued["SecretKey"], issued["SessionToken"])
        return credentials, datetime.fromtimestamp(issued["Expiration"], UTC)

    monkeypatch.setattr(staff, "sign_in", sign_in)
    monkeypatch.setattr(staff, "identity_pool_credentials", identity_pool_credentials)
    return who


@pytest.fixture
def data_dir(tmp_path: Path, users: list[StaffAccount], gateway: FakeGateway, signed_in: list[str]) -> Path:
    """A local stack's data dir as the stack leaves it: its staff accounts and its stack.json."""
    write(tmp_path / "staff-credentials.json", users)
    stack = {
        "api_url": gateway.url,
        "base_url": gateway.url,
        "user_pool_id": "ap-southeast-3_test",
        "user_pool_client_id": "client",
        "identity_pool_id": "ap-southeast-3:identity-pool",
        "cognito_idp_endpoint": f"{gateway.url}/_aws/cognito-idp/",
        "cognito_identity_endpoint": f"{gateway.url}/_aws/cognito-identity/",
    }
    (tmp_path / "stack.json").write_text(json.dumps(stack))
    return tmp_path


def verify(request: SignedRequest, keys: dict[str, SigningKey] | None = None) -> SigningKey:
    """The key that signed: the identity pool's temporary credentials, or one of ``keys`` (a profile's)."""

    def lookup(access_key_id: str, token: str | None) -> SigningKey | None:
        if token is None:
            return (keys or {}).get(access_key_id)
        return ISSUER.signing_key(access_key_id, token, time.time())

    return sigv4.verify(request, lookup, datetime.now(UTC))


def signer(request: SignedRequest) -> str:
    """The sub of the person whose credentials signed the request (as the staff API reads it)."""
    identity = verify(request).identity or {}
    return identity["cognitoAuthenticationProvider"].rsplit(":CognitoSignIn:", 1)[1]


def header_map(request: SignedRequest) -> dict[str, str]:
    return {name.lower(): value for name, value in request.headers}


def signed_headers(request: SignedRequest) -> list[str]:
    return header_map(request)["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")


def run(data_dir: Path, *arguments: str) -> int:
    return staff.main(["--data-dir", str(data_dir), *arguments])


# --- What it signs verifies ----------------------------------------------------------------------


def test_get_with_a_query_is_signed_as_the_gateway_verifies_it(
    data_dir: Path, gateway: FakeGateway, users: list[StaffAccount]
) -> None:
    assert run(data_dir, "--as", "supervisor-tegal", "GET", REPORT) == 0

    request = gateway.last
    assert request.method == "GET"
    assert request.target == REPORT
    assert signer(request) == sub_of("supervisor-tegal")
    assert "x-amz-security-token" in signed_headers(request)


def test_query_values_with_spaces_and_repeated_names_are_encoded_once_and_verify(
    data_dir: Path, gateway: FakeGateway, users: list[StaffAccount]
) -> None:
    target = "/staff/offices/tegal/queue?q=Siti Aminah&status=waiting&status=called&note=a+b/c"

    assert run(data_dir, "--as", "operator-tegal", "GET", target) == 0

    request = gateway.last
    assert request.target == "/staff/offices/tegal/queue?q=Siti%20Aminah&status=waiting&status=called&note=a%20b%2Fc"
    assert signer(request) == sub_of("operator-tegal")


def test_post_with_a_json_body_is_signed_with_the_body_and_its_content_type(
    data_dir: Path, gateway: FakeGateway, users: list[StaffAccount]
) -> None:
    assert run(data_dir, "--as", "operator-tegal", "POST", CALL_NEXT, "--json", '{"counter": 1}') == 0

    request = gateway.last
    assert (request.method, request.target, request.body) == ("POST", CALL_NEXT, b'{"counter": 1}')
    headers = header_map(request)
    assert headers["content-type"] == "application/json"
    assert "content-type" in signed_headers(request)
    verify(request)


def test_a_tampered_body_or_target_fails_verification(
    data_dir: Path, gateway: FakeGateway, users: list[StaffAccount]
) -> None:
    assert run(data_dir, "--as", "operator-tegal", "POST", CALL_NEXT, "--json", '{"counter": 1}') == 0
    request = gateway.last
    for tampered in (
        SignedRequest(request.method, request.target, request.headers, b'{"counter": 2}'),
        SignedRequest(request.method, "/staff/offices/tuban/queue/call-next", request.headers, request.body),
    ):
        with pytest.raises(sigv4.Refused) as refused:
            verify(tampered)
        assert refused.value.error_type == sigv4.INVALID_SIGNATURE


def test_json_body_from_a_file_is_sent_as_the_file_holds_it(
    data_dir: Path, gateway: FakeGateway, users: list[StaffAccount], tmp_path: Path
) -> None:
    body_file = tmp_path / "call.json"
    body_file.write_bytes(b'{\n  "counter": 3,\n  "note": "loket tiga"\n}\n')

    assert run(data_dir, "--as", "operator-tegal", "POST", CALL_NEXT, "--json", f"@{body_file}") == 0

    assert gateway.last.body == body_file.read_bytes()
    verify(gateway.last)


def test_extra_headers_are_sent_and_signed(data_dir: Path, gateway: FakeGateway, users: list[StaffAccount]) -> None:
    arguments = ["POST", CALL_NEXT, "--json", "{}", "-H", "Idempotency-Key: call-0001"]

    assert run(data_dir, "--as", "operator-tegal", *arguments) == 0

    assert header_map(gateway.last)["idempotency-key"] == "call-0001"
    assert "idempotency-key" in signed_headers(gateway.last)
    verify(gateway.last)


def test_with_an_endpoint_and_a_profile_it_signs_with_botocores_credential_chain(
    gateway: FakeGateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    office = new_iam_user_key("office-tuban", LOCAL_ACCOUNT_ID)
    (tmp_path / "credentials").write_text(
        f"[office-tuban]\naws_access_key_id = {office.access_key_id}\n"
        f"aws_secret_access_key = {office.secret_access_key}\n"
    )
    (tmp_path / "config").write_text("")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))

    code = staff.main(["--endpoint", f"{gateway.url}/prod/", "--profile", "office-tuban", "GET", "/staff/me"])

    assert code == 0
    assert gateway.last.target == "/prod/staff/me"
    assert verify(gateway.last, {office.access_key_id: office}).user_arn == office.user_arn
    assert "x-amz-security-token" not in header_map(gateway.last)


def test_one_sign_in_serves_the_next_runs_until_the_credentials_near_their_expiry(
    data_dir: Path, gateway: FakeGateway, signed_in: list[str]
) -> None:
    assert run(data_dir, "--as", "operator-tegal", "GET", "/staff/me") == 0
    staff.forget_credentials()  # a new run of the script: only the data dir remembers
    assert run(data_dir, "--as", "operator-tegal", "GET", "/staff/me") == 0
    assert run(data_dir, "--as", "supervisor-tegal", "GET", "/staff/me") == 0

    assert signed_in == ["operator-tegal", "supervisor-tegal"]
    assert (data_dir / staff.SESSIONS_FILE).stat().st_mode & 0o777 == 0o600
    assert [signer(request) for request in gateway.received] == [sub_of("operator-tegal")] * 2 + [
        sub_of("supervisor-tegal")
    ]


def test_credentials_about_to_expire_are_not_used(data_dir: Path, gateway: FakeGateway, signed_in: list[str]) -> None:
    assert run(data_dir, "--as", "operator-tegal", "GET", "/staff/me") == 0
    sessions = json.loads((data_dir / staff.SESSIONS_FILE).read_text())
    soon = datetime.now(UTC) + staff.RENEW_BEFORE / 2
    sessions["operator-tegal"]["expiration"] = soon.isoformat()
    (data_dir / staff.SESSIONS_FILE).write_text(json.dumps(sessions))
    staff.forget_credentials()

    assert run(data_dir, "--as", "operator-tegal", "GET", "/staff/me") == 0

    assert signed_in == ["operator-tegal", "operator-tegal"]


def test_totp_code_prints_the_code_an_authenticator_app_shows(
    data_dir: Path, users: list[StaffAccount], capsys: pytest.CaptureFixture[str]
) -> None:
    secret = next(u.totp_secret for u in users if u.username == "supervisor-tegal")
    assert secret is not None

    assert run(data_dir, "--as", "supervisor-tegal", "--totp-code") == 0

    assert capsys.readouterr().out.strip() in {pyotp.TOTP(secret).now(), pyotp.TOTP(secret).at(time.time() - 30)}
    assert run(data_dir, "--as", "operator-tegal", "--totp-code") == 2  # an operator here signs in without one


# --- Mistakes -------------------------------------------------------------------------------------


def test_an_unknown_user_is_a_usage_error_listing_the_users(
    data_dir: Path, gateway: FakeGateway, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_dir, "--as", "operator-mars", "GET", "/staff/me") == 2

    error = capsys.readouterr().err
    assert "'operator-mars'" in error
    assert "operator-tegal, operator-tuban, supervisor-tegal" in error
    assert gateway.received == []


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--as", "operator-tegal", "POST", CALL_NEXT, "--json", "{counter: 1}"], "--json is not JSON"),
        (["--as", "operator-tegal", "POST", CALL_NEXT, "--json", "@/nonexistent/call.json"], "cannot read"),
        (["--as", "operator-tegal", "GET", "staff/me"], "must start with '/'"),
        (["--as", "operator-tegal", "-H", "Idempotency-Key", "GET", "/staff/me"], "'Name: value'"),
        (["GET", "/staff/me"], "--endpoint"),
    ],
)
def test_usage_mistakes_exit_2_before_sending_anything(
    data_dir: Path, gateway: FakeGateway, capsys: pytest.CaptureFixture[str], arguments: list[str], says: str
) -> None:
    assert run(data_dir, *arguments) == 2

    assert says in capsys.readouterr().err
    assert gateway.received == []


def test_without_a_running_local_stack_it_says_how_to_start_one(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "stack.json").unlink()

    assert run(data_dir, "--as", "operator-tegal", "GET", "/staff/me") == 2

    assert "make run" in capsys.readouterr().err


def test_as_and_profile_together_are_refused(data_dir: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        run(data_dir, "--as", "operator-tegal", "--profile", "office-tuban", "GET", "/staff/me")
    assert exited.value.code == 2


def test_no_answer_exits_1(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A port that was just free: nothing listens there.
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_port
    server.server_close()

    code = run(data_dir, "--as", "operator-tegal", "--endpoint", f"http://127.0.0.1:{port}", "GET", "/staff/me")

    assert code == 1
    assert "no answer from" in capsys.readouterr().err


# --- Printing the answer --------------------------------------------------------------------------


def test_a_json_answer_is_indented_on_stdout_and_the_status_goes_to_stderr(
    data_dir: Path, gateway: FakeGateway, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway.reply = Reply(body=json.dumps({"name": "Operator Tegal", "office_id": "tegal"}).encode())

    assert run(data_dir, "--as", "operator-tegal", "GET", "/staff/me") == 0

    out, err = capsys.readouterr()
    assert out == '{\n  "name": "Operator Tegal",\n  "office_id": "tegal"\n}\n'
    assert err == "HTTP 200 OK\n"


def test_a_csv_answer_is_printed_as_it_came(
    data_dir: Path, gateway: FakeGateway, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = "date,session,booked,served\r\n2026-11-25,A,20,18\r\n"
    gateway.reply = Reply(content_type="text/csv; charset=utf-8", body=csv.encode())

    assert run(data_dir, "--as", "supervisor-tegal", "GET", REPORT) == 0

    assert capsys.readouterr().out == csv


def test_an_error_answer_exits_1_with_its_body_and_api_gateways_error_type(
    data_dir: Path, gateway: FakeGateway, capsys: pytest.CaptureFixture[str]
) -> None:
    gateway.reply = Reply(
        status=403,
        body=b'{"message":"The security token included in the request is invalid."}',
        headers=[("x-amzn-ErrorType", "UnrecognizedClientException")],
    )

    assert run(data_dir, "--as", "operator-tegal", "GET", "/staff/me") == 1

    out, err = capsys.readouterr()
    assert json.loads(out) == {"message": "The security token included in the request is invalid."}
    assert err == "HTTP 403 Forbidden (UnrecognizedClientException)\n"
