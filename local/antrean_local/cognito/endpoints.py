"""The gateway's Cognito endpoints, on the portal's own origin (its CSP can say connect-src 'self'):

- ``POST /_aws/cognito-idp/``: the user pool's public operations (AWS JSON 1.1, X-Amz-Target
  AWSCognitoIdentityProviderService.<Op>), passed to moto's server (with its gaps filled, see
  :mod:`.emulation`); RevokeToken, which moto lacks, answered here. The Admin* operations need
  AWS credentials in Cognito and are not offered here: the staff API calls moto directly;
- ``POST /_aws/cognito-identity/``: the local identity pool (:mod:`.identity_pool`);
- ``GET /portal/config.json``: the identity settings the portal reads at run time.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from antrean_local import REGION
from antrean_local.cognito.emulation import CognitoGaps, staff_backend
from antrean_local.cognito.identity_pool import CredentialIssuer, IdentityPoolError
from antrean_local.proxy_integration import Request, Response

log = logging.getLogger(__name__)

USER_POOL_PATH = "/_aws/cognito-idp/"
IDENTITY_POOL_PATH = "/_aws/cognito-identity/"
CONFIG_PATH = "/portal/config.json"
USER_POOL_TARGET = "AWSCognitoIdentityProviderService."
IDENTITY_POOL_TARGET = "AWSCognitoIdentityService."
JSON_11 = "application/x-amz-json-1.1"
#: What a browser may call without AWS credentials (the access token or the sign-in session
#: authenticates it), as Cognito's public endpoint offers.
PUBLIC_OPERATIONS = frozenset(
    {
        "InitiateAuth",
        "RespondToAuthChallenge",
        "AssociateSoftwareToken",
        "VerifySoftwareToken",
        "SetUserMFAPreference",
        "GetUser",
        "ChangePassword",
        "GlobalSignOut",
        "RevokeToken",
    }
)
PROXY_TIMEOUT_S = 30.0


def aws_json_error(status: int, error_type: str, message: str) -> Response:
    """An AWS JSON 1.1 error, as Cognito's services answer one."""
    body = json.dumps({"__type": error_type, "message": message}).encode()
    return Response(status, [("Content-Type", JSON_11), ("x-amzn-ErrorType", error_type)], body)


def aws_json(payload: dict[str, Any]) -> Response:
    return Response(200, [("Content-Type", JSON_11)], json.dumps(payload).encode())


def _operation(request: Request, prefix: str) -> str | None:
    target = next((value for name, value in request.headers if name.lower() == "x-amz-target"), "")
    return target[len(prefix) :] if target.startswith(prefix) else None


def _json_body(request: Request) -> dict[str, Any] | None:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


class UserPoolProxy:
    """``POST /_aws/cognito-idp/``: the public user pool operations, by moto."""

    def __init__(self, moto_endpoint: Callable[[], str | None], gaps: CognitoGaps) -> None:
        self._moto_endpoint = moto_endpoint
        self._gaps = gaps

    def __call__(self, request: Request) -> Response:
        if request.method != "POST":
            return aws_json_error(405, "MethodNotAllowed", "POST AWS JSON 1.1 requests only")
        operation = _operation(request, USER_POOL_TARGET)
        if operation is None or operation not in PUBLIC_OPERATIONS:
            # Cognito's answer to an operation that needs AWS credentials and has none.
            return aws_json_error(400, "MissingAuthenticationTokenException", "Missing Authentication Token")
        body = _json_body(request)
        if body is None:
            return aws_json_error(400, "SerializationException", "the body is not a JSON object")
        if operation == "RevokeToken":
            return self._revoke_token(body)
        endpoint = self._moto_endpoint()
        if endpoint is None:
            return aws_json_error(503, "ServiceUnavailable", "the local user pool is not up yet")
        return _forward(endpoint, f"{USER_POOL_TARGET}{operation}", request.body)

    def _revoke_token(self, body: dict[str, Any]) -> Response:
        try:
            self._gaps.revoke_token(staff_backend(), str(body.get("Token") or ""), str(body.get("ClientId") or ""))
        except Exception as error:  # moto's JsonRESTError
            return aws_json_error(
                400, getattr(error, "error_type", "NotAuthorizedException"), str(getattr(error, "message", error))
            )
        return aws_json({})


def _forward(endpoint: str, target: str, body: bytes) -> Response:
    """The request to moto's server, scoped to the local region (moto picks its backend by the
    Authorization header's scope; it verifies no signature)."""
    parts = urlsplit(endpoint)
    day = time.strftime("%Y%m%d", time.gmtime())
    headers = {
        "Content-Type": JSON_11,
        "X-Amz-Target": target,
        "Authorization": f"AWS4-HMAC-SHA256 Credential=local/{day}/{REGION}/cognito-idp/aws4_request, "
        "SignedHeaders=host;x-amz-target, Signature=0",
    }
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=PROXY_TIMEOUT_S)
    try:
        connection.request("POST", "/", body=body, headers=headers)
        answer = connection.getresponse()
        content = answer.read()
        kept = [(n, v) for n, v in answer.getheaders() if n.lower() in ("content-type", "x-amzn-errortype")]
        return Response(answer.status, kept or [("Content-Type", JSON_11)], content)
    except OSError as error:
        log.warning("cognito-idp proxy: no answer from moto (%s)", error)
        return aws_json_error(503, "ServiceUnavailable", "the local user pool did not answer")
    finally:
        connection.close()


class IdentityPoolEndpoint:
    """``POST /_aws/cognito-identity/``: the local identity pool's GetId and GetCredentialsForIdentity."""

    def __init__(self, issuer: Callable[[], CredentialIssuer | None], clock: Callable[[], float] = time.time) -> None:
        self._issuer = issuer
        self._clock = clock

    def __call__(self, request: Request) -> Response:
        if request.method != "POST":
            return aws_json_error(405, "MethodNotAllowed", "POST AWS JSON 1.1 requests only")
        issuer = self._issuer()
        if issuer is None:
            return aws_json_error(503, "ServiceUnavailable", "the local identity pool is not up yet")
        operation = _operation(request, IDENTITY_POOL_TARGET)
        body = _json_body(request)
        if operation is None or body is None:
            return aws_json_error(
                400, "SerializationException", "an AWSCognitoIdentityService JSON request is expected"
            )
        try:
            return aws_json(issuer.call(operation, body, self._clock()))
        except IdentityPoolError as refused:
            log.info("identity pool: %s refused: %s", operation, refused.message)
            return aws_json_error(400, refused.error_type, refused.message)


#: The identity settings, without the endpoints: region, userPoolId, userPoolClientId, identityPoolId.
Settings = Callable[[], dict[str, str] | None]


class PortalConfig:
    """``GET /portal/config.json``: the local identity settings, with the Cognito endpoints on the
    origin the page was loaded from (the Host it asked)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def __call__(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response(
                405, [("Content-Type", "application/json"), ("Allow", "GET, HEAD")], b'{"message":"GET only"}'
            )
        settings = self._settings()
        if settings is None:
            return aws_json_error(503, "ServiceUnavailable", "the local user pool is not up yet")
        host = next((value for name, value in request.headers if name.lower() == "host"), "127.0.0.1")
        document = {
            **settings,
            "cognitoIdpEndpoint": f"http://{host}{USER_POOL_PATH}",
            "cognitoIdentityEndpoint": f"http://{host}{IDENTITY_POOL_PATH}",
            "signing_base": "",
        }
        body = json.dumps(document, indent=2).encode()
        return Response(200, [("Content-Type", "application/json"), ("Cache-Control", "no-store")], body)
