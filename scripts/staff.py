"""Call the staff API (the AWS_IAM routes under /staff) with a request signed by botocore's SigV4.
Run it with the venv's Python: .venv/bin/python scripts/staff.py [options] METHOD PATH

On the local stack, as one of its demo staff accounts: signs in to the local user pool as the portal
does (SRP with the password of <data dir>/staff-credentials.json, and a TOTP code made from the
account's secret when it has one), takes the identity pool's temporary credentials and signs with
them (session token included); the endpoints come from <data dir>/stack.json, and the data dir is
<repo>/.local unless --data-dir:
  scripts/staff.py --as operator-tuban GET /staff/me
  scripts/staff.py --as operator-tuban POST /staff/offices/tuban/queue/call-next --json '{"counter": 1}'
  scripts/staff.py --as supervisor-tuban GET "/staff/offices/tuban/reports?from=2026-11-01&to=2026-11-30&format=csv"
  scripts/staff.py --as supervisor-tuban --totp-code   (the code the portal asks a supervisor for)
In AWS, with the credentials of botocore's default chain (environment, --profile, SSO, ...):
  scripts/staff.py --endpoint https://ID.execute-api.ap-southeast-3.amazonaws.com/prod \\
    --profile office-tuban GET /staff/me

The response body goes to stdout (pretty-printed when JSON), the status line to stderr. Exit code:
0 for a 2xx answer, 1 for any other answer or none, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import threading
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import boto3
import botocore.session
import pyotp
from botocore import UNSIGNED
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import BotoCoreError, ClientError
from pycognito.aws_srp import AWSSRP  # type: ignore[import-untyped]
from pycognito.exceptions import (  # type: ignore[import-untyped]
    ForceChangePasswordException,
    SoftwareTokenMFAChallengeException,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / ".local"
CREDENTIALS_FILE = "staff-credentials.json"
STACK_FILE = "stack.json"
REGION = "ap-southeast-3"
SERVICE = "execute-api"
#: API Gateway gives up on the function after 29 s; wait a little longer for its answer.
TIMEOUT_S = 35.0
#: Credentials are signed in for again this long before they expire (a request must not outlive them).
RENEW_BEFORE = dt.timedelta(minutes=1)
#: Characters left as they are in a path: RFC 3986's unreserved and sub-delims, ":", "@", "/", and
#: "%" so a path the caller already encoded is not encoded twice.
_PATH_SAFE = "/%!$&'()*+,;=:@-._~"


class UsageError(Exception):
    """The command cannot run as given; the message says why (exit code 2)."""


@dataclass(frozen=True)
class Answer:
    """The HTTP response, whatever its status."""

    status: int
    reason: str
    headers: Message
    body: bytes


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="staff.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--as", dest="user", metavar="USERNAME", help="a demo staff account of the local stack")
    who.add_argument("--profile", help="an AWS profile (default: botocore's credential chain)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="the local stack's data dir")
    parser.add_argument("--endpoint", help="the API's base URL (with --as: the local stack's, from stack.json)")
    parser.add_argument("--region", default=REGION, help=f"the API's region (default {REGION})")
    parser.add_argument("--json", dest="body", metavar="JSON|@FILE", help="the request body, or a file holding it")
    parser.add_argument(
        "-H", "--header", action="append", default=[], metavar="'NAME: VALUE'", help="an extra header, signed"
    )
    parser.add_argument(
        "--totp-code",
        action="store_true",
        help="with --as: print the account's current TOTP code (to sign in to the portal) and exit",
    )
    parser.add_argument("method", nargs="?", type=str.upper, help="GET, POST, PUT, PATCH, DELETE")
    parser.add_argument("path", nargs="?", help="the route's path and query, e.g. /staff/me")
    arguments = parser.parse_args(argv)
    if arguments.totp_code and not arguments.user:
        parser.error("--totp-code needs --as USERNAME")
    if not arguments.totp_code and (arguments.method is None or arguments.path is None):
        parser.error("the following arguments are required: method, path")
    return arguments


# --- Who signs, and where to ---------------------------------------------------------------------


def local_account(data_dir: Path, username: str) -> dict[str, Any]:
    """The demo account ``username`` of the local stack whose data dir is ``data_dir``."""
    path = data_dir / CREDENTIALS_FILE
    try:
        accounts = {str(entry["username"]): entry for entry in json.loads(path.read_text())["staff"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UsageError(
            f"cannot read the demo staff accounts in {path} ({type(error).__name__}: {error}); "
            "start the local stack (make run), or pass its --data-dir"
        ) from None
    if username not in accounts:
        raise UsageError(f"no staff account {username!r} in {path}; the accounts are: {', '.join(sorted(accounts))}")
    return dict(accounts[username])


def local_stack_info(data_dir: Path) -> dict[str, Any]:
    """What the running local stack wrote in its stack.json."""
    path = data_dir / STACK_FILE
    try:
        info = json.loads(path.read_text())
        info["api_url"]
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError(
            f"no running local stack found (cannot read api_url in {path}); start it (make run), "
            "pass its --data-dir, or pass --endpoint"
        ) from None
    if not info.get("user_pool_id"):
        raise UsageError(f"the local stack of {data_dir} has no staff user pool to sign in to")
    return dict(info)


def unsigned_client(service: str, endpoint: str) -> Any:
    # Sign-in calls carry no AWS credentials, as the portal's do.
    return boto3.client(  # type: ignore[call-overload]
        service, endpoint_url=endpoint, region_name=REGION, config=Config(signature_version=UNSIGNED)
    )


@contextlib.contextmanager
def pycognito_quietly() -> Iterator[None]:
    """pycognito stamps its proof with datetime.utcnow(), deprecated since Python 3.12: not our warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "datetime.datetime.utcnow", DeprecationWarning)
        yield


def sign_in(info: dict[str, Any], account: dict[str, Any]) -> str:
    """The ID token of ``account``, signed in to the local user pool with SRP (pycognito's AWSSRP,
    as the portal's library computes it) and, when the account has a TOTP secret, a code from it."""
    username, password = str(account["username"]), str(account["password"])
    idp = unsigned_client("cognito-idp", info["cognito_idp_endpoint"])
    client_id = info["user_pool_client_id"]
    srp = AWSSRP(username, password, info["user_pool_id"], client_id, client=idp)
    try:
        with pycognito_quietly():
            tokens = srp.authenticate_user()
    except SoftwareTokenMFAChallengeException as challenge:
        secret = account.get("totp_secret")
        if not secret:
            raise UsageError(f"{username} signs in with a TOTP code, but has no totp_secret in the file") from None
        tokens = idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=challenge.get_tokens()["Session"],
            ChallengeResponses={"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": pyotp.TOTP(secret).now()},
        )
    except ForceChangePasswordException:
        raise UsageError(f"{username} must choose a new password first: sign in once in the portal") from None
    except ClientError as error:
        raise UsageError(f"cannot sign in as {username}: {error.response['Error'].get('Message', error)}") from None
    if "AuthenticationResult" not in tokens:
        raise UsageError(f"cannot sign in as {username}: Cognito asks for {tokens.get('ChallengeName')}")
    return str(tokens["AuthenticationResult"]["IdToken"])


def identity_pool_credentials(info: dict[str, Any], id_token: str) -> tuple[Credentials, dt.datetime]:
    """The identity pool's temporary credentials for a signed-in person, and when they expire."""
    identity = unsigned_client("cognito-identity", info["cognito_identity_endpoint"])
    logins = {f"cognito-idp.{REGION}.amazonaws.com/{info['user_pool_id']}": id_token}
    try:
        identity_id = identity.get_id(IdentityPoolId=info["identity_pool_id"], Logins=logins)["IdentityId"]
        issued = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]
    except ClientError as error:
        raise UsageError(
            f"the identity pool refused the sign-in: {error.response['Error'].get('Message', error)}"
        ) from None
    credentials = Credentials(issued["AccessKeyId"], issued["SecretKey"], issued["SessionToken"])
    return credentials, issued["Expiration"]


#: (data dir, username) -> credentials and their expiry: one sign-in per person while they last.
_signed_in: dict[tuple[Path, str], tuple[Credentials, dt.datetime]] = {}
_signed_in_lock = threading.Lock()
#: The credentials kept in the data dir between runs of this script (mode 0600, as the passwords).
SESSIONS_FILE = "staff-sessions.json"


def _fresh(expires: dt.datetime) -> bool:
    return expires - RENEW_BEFORE > dt.datetime.now(dt.UTC)


def _saved_session(data_dir: Path, name: str) -> tuple[Credentials, dt.datetime] | None:
    try:
        entry = json.loads((data_dir / SESSIONS_FILE).read_text())[name]
        expires = dt.datetime.fromisoformat(entry["expiration"])
        return Credentials(entry["access_key_id"], entry["secret_key"], entry["session_token"]), expires
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save_session(data_dir: Path, name: str, credentials: Credentials, expires: dt.datetime) -> None:
    path = data_dir / SESSIONS_FILE
    try:
        sessions = json.loads(path.read_text())
    except (OSError, ValueError):
        sessions = {}
    sessions = {who: entry for who, entry in sessions.items() if isinstance(entry, dict)}
    sessions[name] = {
        "access_key_id": credentials.access_key,
        "secret_key": credentials.secret_key,
        "session_token": credentials.token,
        "expiration": expires.isoformat(),
    }
    temporary = path.with_name(f"{path.name}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(sessions, handle)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a cache: the next run signs in again


def local_credentials(data_dir: Path, name: str) -> Credentials:
    """Temporary credentials of the demo staff account ``name`` of the local stack whose data dir
    is ``data_dir``: signed in again only when the last ones (kept in memory and in the data dir)
    are about to expire."""
    key = (data_dir.resolve(), name)
    with _signed_in_lock:
        cached = _signed_in.get(key) or _saved_session(data_dir, name)
        if cached is not None and _fresh(cached[1]):
            _signed_in[key] = cached
            return cached[0]
    account = local_account(data_dir, name)
    info = local_stack_info(data_dir)
    credentials, expires = identity_pool_credentials(info, sign_in(info, account))
    with _signed_in_lock:
        _signed_in[key] = (credentials, expires)
        _save_session(data_dir, name, credentials, expires)
    return credentials


def forget_credentials(data_dir: Path | None = None) -> None:
    """Sign in again at the next call (all of them, or those of one data dir's stack)."""
    with _signed_in_lock:
        for key in [key for key in _signed_in if data_dir is None or key[0] == data_dir.resolve()]:
            del _signed_in[key]
        if data_dir is not None:
            (data_dir / SESSIONS_FILE).unlink(missing_ok=True)


def local_endpoint(data_dir: Path) -> str:
    """The API address the running local stack wrote in its stack.json."""
    path = data_dir / STACK_FILE
    try:
        return str(json.loads(path.read_text())["api_url"])
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError(
            f"no running local stack found (cannot read api_url in {path}); start it (make run), "
            "pass its --data-dir, or pass --endpoint"
        ) from None


def aws_credentials(profile: str | None) -> Credentials:
    """The caller's AWS credentials from botocore's default chain (or the named profile)."""
    try:
        found = botocore.session.Session(profile=profile).get_credentials()
        frozen = found.get_frozen_credentials() if found is not None else None
    except BotoCoreError as error:  # an unknown profile, an expired SSO session, ...
        raise UsageError(str(error)) from None
    if frozen is None or not frozen.access_key or not frozen.secret_key:
        raise UsageError("no AWS credentials found (environment, --profile, ~/.aws/config); or use --as locally")
    return Credentials(frozen.access_key, frozen.secret_key, frozen.token)


# --- The request ---------------------------------------------------------------------------------


def request_target(target: str) -> str:
    """The path and query as sent, each percent-encoded once the way SigV4 canonicalises them: the
    query is signed as it is sent, and API Gateway checks it decoded and encoded again."""
    if not target.startswith("/"):
        raise UsageError(f"the path must start with '/', not {target!r}")
    path, _, query = target.partition("?")
    encoded = quote(path, safe=_PATH_SAFE)
    if query:
        encoded += "?" + urlencode(parse_qsl(query, keep_blank_values=True), quote_via=quote)
    return encoded


def request_body(value: str | None) -> bytes:
    """The --json argument's bytes (``@file`` reads the file); refuses what is not JSON."""
    if value is None:
        return b""
    try:
        body = Path(value[1:]).read_bytes() if value.startswith("@") else value.encode()
        json.loads(body)
    except OSError as error:
        raise UsageError(f"cannot read {value[1:]}: {error.strerror}") from None
    except ValueError as error:
        raise UsageError(f"--json is not JSON ({error})") from None
    return body


def extra_headers(values: list[str]) -> dict[str, str]:
    headers = {}
    for value in values:
        name, colon, content = value.partition(":")
        if not colon or not name.strip():
            raise UsageError(f"a header is 'Name: value', not {value!r}")
        headers[name.strip()] = content.strip()
    return headers


def signed_request(
    method: str, url: str, body: bytes, headers: dict[str, str], credentials: Credentials, region: str
) -> AWSRequest:
    """The request signed with SigV4 for API Gateway (service execute-api) by botocore itself."""
    if body:
        headers = {"Content-Type": "application/json", **headers}
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(credentials, SERVICE, region).add_auth(request)
    return request


def send(request: AWSRequest, body: bytes, timeout: float = TIMEOUT_S) -> Answer:
    """Send the signed request as it was signed; any status is an Answer, no answer an OSError."""
    sent = urllib.request.Request(  # noqa: S310 (the URL is http(s): request_url checked it)
        str(request.url), data=body or None, headers=dict(request.headers.items()), method=request.method
    )
    try:
        with urllib.request.urlopen(sent, timeout=timeout) as response:  # noqa: S310
            return Answer(response.status, response.reason, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, str(error.reason), error.headers, error.read())


def request_url(endpoint: str, target: str) -> str:
    if not endpoint.startswith(("http://", "https://")):
        raise UsageError(f"the endpoint must be an http(s) URL, not {endpoint!r}")
    return endpoint.rstrip("/") + request_target(target)


# --- The answer ----------------------------------------------------------------------------------


def print_answer(answer: Answer) -> int:
    """Status line to stderr, body to stdout (JSON indented); the exit code for the status."""
    error_type = answer.headers.get("x-amzn-ErrorType")
    print(f"HTTP {answer.status} {answer.reason}" + (f" ({error_type})" if error_type else ""), file=sys.stderr)
    pretty = _indented_json(answer)
    if pretty is not None:
        print(pretty)
    else:  # CSV, text, or JSON that is not: as it came, byte for byte
        sys.stdout.flush()
        sys.stdout.buffer.write(answer.body)
        sys.stdout.flush()
    return 0 if 200 <= answer.status < 300 else 1


def _indented_json(answer: Answer) -> str | None:
    content_type = answer.headers.get_content_type()
    if content_type != "application/json" and not content_type.endswith("+json"):
        return None
    try:
        return json.dumps(json.loads(answer.body), indent=2, ensure_ascii=False)
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    try:
        if arguments.totp_code:
            secret = local_account(arguments.data_dir, arguments.user).get("totp_secret")
            if not secret:
                raise UsageError(f"{arguments.user} signs in without a TOTP code")
            print(pyotp.TOTP(secret).now())
            return 0
        if arguments.user:
            credentials = local_credentials(arguments.data_dir, arguments.user)
            endpoint = arguments.endpoint or local_endpoint(arguments.data_dir)
        elif arguments.endpoint:
            credentials, endpoint = aws_credentials(arguments.profile), arguments.endpoint
        else:
            raise UsageError("say where: --endpoint URL (AWS), or --as NAME for the local stack")
        url = request_url(endpoint, arguments.path)
        body = request_body(arguments.body)
        request = signed_request(
            arguments.method, url, body, extra_headers(arguments.header), credentials, arguments.region
        )
    except UsageError as error:
        print(f"staff.py: error: {error}", file=sys.stderr)
        return 2
    try:
        answer = send(request, body)
    except OSError as error:  # refused, timed out, name not found (URLError is an OSError)
        print(f"staff.py: no answer from {endpoint}: {getattr(error, 'reason', error)}", file=sys.stderr)
        return 1
    return print_answer(answer)


if __name__ == "__main__":
    sys.exit(main())
