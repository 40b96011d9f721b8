"""AWS Signature Version 4 verification, as API Gateway applies it to AWS_IAM routes.

The server side of SigV4: rebuild the canonical request from what arrived (the path double
URI-encoded as botocore and API Gateway do for every service but S3, the query decoded, re-encoded
and sorted, the signed headers trimmed, the body's SHA-256), the string to sign and the signing key
from the caller's secret, and compare. A refusal carries API Gateway's own message and error type,
so a client (or a test) sees locally what it would see in AWS.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote_plus

from antrean_local import REGION

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "execute-api"
TERMINATOR = "aws4_request"
#: How far X-Amz-Date may be from the gateway's clock, either way.
MAX_SKEW = timedelta(minutes=5)
AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

INCOMPLETE = "IncompleteSignatureException"
INVALID_SIGNATURE = "InvalidSignatureException"
UNRECOGNIZED_CLIENT = "UnrecognizedClientException"
MISSING_AUTHENTICATION = "MissingAuthenticationTokenException"
EXPIRED_TOKEN = "ExpiredTokenException"  # noqa: S105 (an error type)
INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid."  # noqa: S105
EXPIRED_TOKEN_MESSAGE = "The security token included in the request is expired"  # noqa: S105


@dataclass(frozen=True)
class SigningKey:
    """What the verifier needs to know of one access key: its secret and whose it is."""

    access_key_id: str
    secret_access_key: str
    principal_id: str
    user_arn: str
    account_id: str
    #: requestContext.identity for this caller when it is not an IAM user's (identity-pool
    #: credentials); None: identity_of builds an IAM user's.
    identity: Mapping[str, str] | None = field(default=None, compare=False)


_KEY_ALPHABET = string.ascii_uppercase + string.digits
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"


def new_iam_user_key(name: str, account_id: str) -> SigningKey:
    """Long-term keys of an IAM user ``name``, shaped like IAM's (AKIA + 16, AIDA + 17, a
    40-character secret): what a script would sign with."""
    return SigningKey(
        access_key_id="AKIA" + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(16)),
        secret_access_key="".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40)),
        principal_id="AIDA" + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(17)),
        user_arn=f"arn:aws:iam::{account_id}:user/{name}",
        account_id=account_id,
    )


class Refused(Exception):
    """The request is not authenticated: API Gateway's 403 message and x-amzn-ErrorType."""

    def __init__(self, message: str, error_type: str) -> None:
        """``error_type`` is what API Gateway puts in the x-amzn-ErrorType header."""
        super().__init__(message)
        self.message = message
        self.error_type = error_type


#: Finds the signing key of an access key id and the session token sent with it (None: no
#: X-Amz-Security-Token header), or None for a key nobody holds; raises Refused for a session
#: token that is invalid or expired.
KeyLookup = Callable[[str, str | None], SigningKey | None]


@dataclass(frozen=True)
class SignedRequest:
    """The parts of an HTTP request that SigV4 covers; ``target`` is the raw path and query."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class _Authorization:
    access_key_id: str
    date: str
    region: str
    service: str
    terminator: str
    signed_headers: list[str]
    signature: str


def identity_of(key: SigningKey) -> dict[str, str]:
    """The fields API Gateway sets in requestContext.identity for the caller: the key's own (an
    identity-pool caller's), else an IAM user's."""
    if key.identity is not None:
        return dict(key.identity)
    return {
        "accessKey": key.access_key_id,
        "accountId": key.account_id,
        "caller": key.principal_id,
        "user": key.principal_id,
        "userArn": key.user_arn,
    }


def verify(request: SignedRequest, lookup: KeyLookup, now: datetime) -> SigningKey:
    """The signing key of a correctly signed ``request``; raises Refused otherwise.

    ``now`` is the gateway's clock (aware, UTC): X-Amz-Date must be within five minutes of it.
    """
    headers = _header_map(request.headers)
    if "authorization" not in headers:
        raise Refused("Missing Authentication Token", MISSING_AUTHENTICATION)
    amz_date = headers.get("x-amz-date", "")
    authorization = _parse_authorization(headers["authorization"], bool(amz_date))
    signed_at = _parse_amz_date(amz_date)
    _check_scope(authorization, amz_date)
    _check_clock(signed_at, amz_date, now)
    key = lookup(authorization.access_key_id, headers.get("x-amz-security-token"))
    if key is None:
        raise Refused(INVALID_TOKEN_MESSAGE, UNRECOGNIZED_CLIENT)
    missing = [name for name in authorization.signed_headers if name not in headers]
    if "host" not in authorization.signed_headers:
        raise Refused("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", INCOMPLETE)
    if "x-amz-date" not in authorization.signed_headers:
        raise Refused("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.", INCOMPLETE)

    payload_hash = hashlib.sha256(request.body).hexdigest()
    canonical = canonical_request(request, authorization.signed_headers, headers, payload_hash)
    scope = f"{authorization.date}/{authorization.region}/{authorization.service}/{TERMINATOR}"
    to_sign = string_to_sign(amz_date, scope, canonical)
    expected = signature(key.secret_access_key, authorization.date, to_sign)
    declared_hash = headers.get("x-amz-content-sha256", payload_hash)
    if (
        missing
        or not hmac.compare_digest(declared_hash.encode(), payload_hash.encode())
        or not hmac.compare_digest(expected.encode(), authorization.signature.encode())
    ):
        raise Refused(
            "The request signature we calculated does not match the signature you provided. Check your "
            "AWS Secret Access Key and signing method. Consult the service documentation for details."
            f"\n\nThe Canonical String for this request should have been\n'{canonical}'"
            f"\n\nThe String-to-Sign should have been\n'{to_sign}'\n",
            INVALID_SIGNATURE,
        )
    return key


# --- The canonical request ----------------------------------------------------------------------


def canonical_uri(raw_path: str) -> str:
    """The path as sent (already percent-encoded), dot segments and empty ones removed, encoded again."""
    segments: list[str] = []
    for segment in raw_path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment and segment != ".":
            segments.append(segment)
    trailing = "/" if raw_path.endswith("/") and segments else ""
    return quote("/" + "/".join(segments) + trailing, safe="/~")


def canonical_query(raw_query: str) -> str:
    """Each name and value decoded, then encoded with only unreserved characters left, sorted."""
    if not raw_query:
        return ""
    pairs = []
    for pair in raw_query.split("&"):
        name, _, value = pair.partition("=")
        pairs.append((quote(unquote_plus(name), safe="-_.~"), quote(unquote_plus(value), safe="-_.~")))
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def canonical_request(
    request: SignedRequest, signed_headers: list[str], headers: Mapping[str, str], payload_hash: str
) -> str:
    """SigV4's canonical request for what the gateway received."""
    path, _, query = request.target.partition("?")
    lines = [f"{name}:{headers.get(name, '')}\n" for name in signed_headers]
    return "\n".join(
        [
            request.method,
            canonical_uri(path),
            canonical_query(query),
            "".join(lines),
            ";".join(signed_headers),
            payload_hash,
        ]
    )


def string_to_sign(amz_date: str, scope: str, canonical: str) -> str:
    """The algorithm, the time, the credential scope and the canonical request's hash."""
    return "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])


def signature(secret: str, date: str, to_sign: str) -> str:
    """HMAC-SHA256 of ``to_sign`` with the key derived from the secret, date, region and service."""
    key = f"AWS4{secret}".encode()
    for part in (date, REGION, SERVICE, TERMINATOR):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


# --- Parsing and checks -------------------------------------------------------------------------


def _header_map(headers: list[tuple[str, str]]) -> dict[str, str]:
    """Lower-cased names; repeated headers joined with commas; values trimmed, inner spaces collapsed."""
    values: dict[str, list[str]] = {}
    for name, value in headers:
        values.setdefault(name.lower(), []).append(" ".join(value.split()))
    return {name: ",".join(parts) for name, parts in values.items()}


def _parse_authorization(header: str, has_date: bool) -> _Authorization:
    algorithm, _, rest = header.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise Refused(
            f"Authorization header requires '{ALGORITHM}' as its algorithm. Authorization={header}", INCOMPLETE
        )
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, equals, value = part.strip().partition("=")
        if not equals:
            digest = base64.b64encode(hashlib.sha256(header.encode()).digest()).decode()
            raise Refused(
                "Invalid key=value pair (missing equal-sign) in Authorization header "
                f"(hashed with SHA-256 and encoded with Base64): '{digest}'.",
                INCOMPLETE,
            )
        fields[name] = value
    problems = [
        f"Authorization header requires '{name}' parameter."
        for name in ("Credential", "Signature", "SignedHeaders")
        if not fields.get(name)
    ]
    if not has_date:
        problems.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    if problems:
        raise Refused(f"{' '.join(problems)} Authorization={header}", INCOMPLETE)
    credential = fields["Credential"].split("/")
    if len(credential) != 5 or not all(credential):
        raise Refused(
            f"Credential should be scoped to a valid region, not '{credential[2] if len(credential) > 2 else ''}'. ",
            INCOMPLETE,
        )
    access_key_id, date, region, service, terminator = credential
    return _Authorization(
        access_key_id, date, region, service, terminator, fields["SignedHeaders"].split(";"), fields["Signature"]
    )


def _parse_amz_date(amz_date: str) -> datetime:
    try:
        return datetime.strptime(amz_date, AMZ_DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise Refused(
            f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'. See http://en.wikipedia.org/wiki/ISO_8601",
            INCOMPLETE,
        ) from None


def _check_scope(authorization: _Authorization, amz_date: str) -> None:
    if authorization.date != amz_date[:8]:
        raise Refused(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{authorization.date}' != '{amz_date[:8]}', from '{amz_date}'.",
            INVALID_SIGNATURE,
        )
    if authorization.region != REGION:
        raise Refused(f"Credential should be scoped to a valid region, not '{authorization.region}'. ", INCOMPLETE)
    if authorization.service != SERVICE:
        raise Refused(f"Credential should be scoped to correct service: '{SERVICE}'. ", INCOMPLETE)
    if authorization.terminator != TERMINATOR:
        raise Refused(
            f"Credential should be scoped with a valid terminator: '{TERMINATOR}', not '{authorization.terminator}'. ",
            INCOMPLETE,
        )


def _check_clock(signed_at: datetime, amz_date: str, now: datetime) -> None:
    now_text = now.strftime(AMZ_DATE_FORMAT)
    if signed_at < now - MAX_SKEW:
        raise Refused(
            f"Signature expired: {amz_date} is now earlier than "
            f"{(now - MAX_SKEW).strftime(AMZ_DATE_FORMAT)} ({now_text} - 5 min.)",
            INVALID_SIGNATURE,
        )
    if signed_at > now + MAX_SKEW:
        raise Refused(
            f"Signature not yet current: {amz_date} is still later than "
            f"{(now + MAX_SKEW).strftime(AMZ_DATE_FORMAT)} ({now_text} + 5 min.)",
            INVALID_SIGNATURE,
        )
