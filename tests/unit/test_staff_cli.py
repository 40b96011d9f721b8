"""scripts/staff.py, the staff API's command-line client: what it signs is what the local gateway's
own SigV4 verifier (and so API Gateway) accepts, and how it reports answers and mistakes.

A tiny HTTP server on 127.0.0.1 stands in for the gateway: it records each request the way
local/antrean_local/gateway.py builds its SignedRequest (method, raw target, headers, body) and
answers what the test asks; the test then verifies the recorded request with ``sigv4.verify``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from antrean_local import sigv4
from antrean_local.sigv4 import SignedRequest, SigningKey
from antrean_local.staff_credentials import StaffCredential, by_access_key, new_credential, write
from antrean_local.template import LOCAL_ACCOUNT_ID
from scripts import staff

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


@pytest.fixture
def users() -> list[StaffCredential]:
    return [new_credential("operator-tegal"), new_credential("supervisor-tegal"), new_credential("operator-tuban")]


@pytest.fixture
def data_dir(tmp_path: Path, users: list[StaffCredential], gateway: FakeGateway) -> Path:
    """A local stack's data dir as the stack leaves it: its staff keys and its stack.json."""
    write(tmp_path / "staff-credentials.json", users)
    (tmp_path / "stack.json").write_text(json.dumps({"api_url": gateway.url, "base_url": gateway.url}))
    return tmp_path


def user(users: list[StaffCredential], name: str) -> StaffCredential:
    return next(credential for credential in users if credential.name == name)


def verify(request: SignedRequest, keys: dict[str, SigningKey]) -> SigningKey:
    return sigv4.verify(request, keys.get, datetime.now(UTC))


def header_map(request: SignedRequest) -> dict[str, str]:
    return {name.lower(): value for name, value in request.headers}


def signed_headers(request: SignedRequest) -> list[str]:
    return header_map(request)["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")


def run(data_dir: Path, *arguments: str) -> int:
    return staff.main(["--data-dir", str(data_dir), *arguments])


# --- What it signs verifies ----------------------------------------------------------------------


def test_get_with_a_query_is_signed_as_the_gateway_verifies_it(
    data_dir: Path, gateway: FakeGateway, users: list[StaffCredential]
) -> None:
    assert run(data_dir, "--as", "supervisor-tegal", "GET", REPORT) == 0

    request = gateway.last
    assert request.method == "GET"
    assert request.target == REPORT
    assert verify(request, by_access_key(users)).user_arn == user(users, "supervisor-tegal").user_arn


def test_query_values_with_spaces_and_repeated_names_are_encoded_once_and_verify(
    data_dir: Path, gateway: FakeGateway, users: list[StaffCredential]
) -> None:
    target = "/staff/offices/tegal/queue?q=Siti Aminah&status=waiting&status=called&note=a+b/c"

    assert run(data_dir, "--as", "operator-tegal", "GET", target) == 0

    request = gateway.last
    assert request.target == "/staff/offices/tegal/queue?q=Siti%20Aminah&status=waiting&status=called&note=a%20b%2Fc"
    assert verify(request, by_access_key(users)).user_arn == user(users, "operator-tegal").user_arn


def test_post_with_a_json_body_is_signed_with_the_body_and_its_content_type(
    data_dir: Path, gateway: FakeGateway, users: list[StaffCredential]
) -> None:
    assert run(data_dir, "--as", "operator-tegal", "POST", CALL_NEXT, "--json", '{"counter": 1}') == 0

    request = gateway.last
    assert (request.method, request.target, request.body) == ("POST", CALL_NEXT, b'{"counter": 1}')
    headers = header_map(request)
    assert headers["content-type"] == "application/json"
    assert "content-type" in signed_headers(request)
    verify(request, by_access_key(users))


def test_a_tampered_body_or_target_fails_verification(
    data_dir: Path, gateway: FakeGateway, users: list[StaffCredential]
) -> None:
    assert run(data_dir, "--as", "operator-tegal", "POST", CALL_NEXT, "--json", '{"counter": 1}') == 0
    request = gateway.last
    keys = by_access_key(users)

    for tampered in (
        SignedRequest(request.method, request.target, request.headers, b'{"counter": 2}'),
        SignedRequest(request.method, "/staff/offices/tuban/queue/call-next", request.headers, request.body),
    ):
        with pytest.raises(sigv4.Refused) as refused:
            verify(tampered, keys)
        assert refused.value.error_type == sigv4.INVALID_SIGNATURE


def test_json_body_from_a_file_is_sent_as_the_file_holds_it(
    data_dir: Path, gateway: FakeGateway, users: list[StaffCredential], tmp_path: Path
) -> None:
    body_file = tmp_path / "call.json"
    body_file.write_bytes(b'{\n  "counter": 3,\n  "note": "loket tiga"\n}\n')

    assert run(data_dir, "--as", "operator-tegal", "POST", CALL_NEXT, "--json", f"@{body_file}") == 0

    assert gateway.last.body == body_file.read_bytes()
    verify(gateway.last, by_access_key(users))


def test_extra_headers_are_sent_and_signed(data_dir: Path, gateway: FakeGateway, users: list[StaffCredential]) -> None:
    arguments = ["POST", CALL_NEXT, "--json", "{}", "-H", "Idempotency-Key: call-0001"]

    assert run(data_dir, "--as", "operator-tegal", *arguments) == 0

    assert header_map(gateway.last)["idempotency-key"] == "call-0001"
    assert "idempotency-key" in signed_headers(gateway.last)
    verify(gateway.last, by_access_key(users))


def test_with_an_endpoint_and_a_profile_it_signs_with_botocores_credential_chain(
    gateway: FakeGateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    office = new_credential("office-tuban")
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
    signer = verify(gateway.last, by_access_key([office]))
    assert signer.user_arn == f"arn:aws:iam::{LOCAL_ACCOUNT_ID}:user/office-tuban"


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
