"""Contract fuzzing: schemathesis generates requests from the committed OpenAPI documents (which
`make openapi-check` keeps equal to what the handlers' models generate) and sends them over real
HTTP to a local stack, with every check schemathesis has: no server error (5xx); a status code the
document declares for the operation, with that answer's content type, headers and a body that
validates against its schema; valid input accepted and invalid input refused; a missing required
header refused; a method the address does not declare answered 405 with Allow. And one of ours
(refusals_are_declared): every refusal the functions give carries an error code the operation
declares for that status, and a request the schema accepts is refused only for a rule the document
names (x-error-codes, x-field-rules: see antrean.api.responses).

Each operation gets the schema's examples, the coverage phase's boundary and invalid values, and
FUZZ_EXAMPLES (default MAX_EXAMPLES) generated cases of valid and of invalid input, derandomized
from FUZZ_SEED (default SEED) with no example database: CI sends the same requests on every run,
and `make fuzz` runs more examples from a random seed it prints. Half the cases that name a booking
name a real one (see _REAL_BOOKINGS), so success answers are checked too, not only 404s.

Fuzzing books, cancels, reviews and reconfigures at random, so it runs against a stack of its own,
never the session's: other e2e tests count places and read configurations there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from hypothesis import strategies as st
from schemathesis.checks import CheckContext
from schemathesis.core.failures import Failure
from schemathesis.generation.meta import CoverageScenario
from schemathesis.specs.openapi.checks import missing_required_header

from antrean_local.launcher import ROOT, LocalStack, fresh_stack
from scripts import staff
from tests.support.factories import booking_body, nik
from tests.support.http_clients import Http

PUBLIC_DOCUMENT = ROOT / "openapi" / "public_api.json"
STAFF_DOCUMENT = ROOT / "openapi" / "staff_api.json"
#: The office whose supervisor signs the staff API's cases, and where the real bookings are.
OFFICE = "tegal"
SUPERVISOR = f"supervisor-{OFFICE}"
#: The real bookings' NIKs (serials are free: this module's stack is its own).
NIKS = [nik(serial) for serial in (1, 2)]
#: The seed CI fuzzes from; `make fuzz` passes a random one in FUZZ_SEED.
SEED = int(os.environ.get("FUZZ_SEED") or 20261125)
#: Generated cases at most per operation (Hypothesis stops sooner where there is little to vary):
#: with the examples and the coverage phase, about 2,600 requests, 35-60 s on a 2-core machine once
#: the stack is up (45 s when the machine is quiet, up to 3 minutes when busy: it opens every demo
#: office's days). `make fuzz` raises it (FUZZ_EXAMPLES).
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 50)
#: The methods the coverage phase also tries on each path, answered 405 with Allow where the address
#: does not declare them. Not TRACE, QUERY or other tokens: API Gateway's ANY does not take them, so
#: it refuses them itself (403 Missing Authentication Token, tests/local/test_gateway_undeclared_methods.py).
UNEXPECTED_METHODS = ["get", "put", "post", "delete", "options", "patch"]
#: A request the schema accepts may still be refused for a rule the document declares per route
#: (a past date, a full session: 409 and 422 with their codes); refusals_are_declared holds the
#: codes to the document's.
VALID_DATA_ANSWERS = ["2xx", "401", "403", "404", "409", "422", "429", "503"]
#: A request the schema refuses is refused: schemathesis' own list, and 413, since a body over the
#: function's 16 KiB (a generated list far past its maxItems) is refused for its size before its
#: shape, as the document declares for every route with a body.
INVALID_DATA_ANSWERS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]

#: Registration numbers of the fuzzing stack's real bookings: filled by the `real_bookings`
#: fixture before any case is drawn, read while cases are drawn (see _real_bookings_too).
_REAL_BOOKINGS: list[str] = []


def _config(*, max_examples: int, office: str | None = None, coverage: bool = True) -> schemathesis.Config:
    parameters: dict[str, Any] = {
        "query.nik": {"dictionary": "niks", "probability": 0.5},
        "body.nik": {"dictionary": "niks", "probability": 0.3},
    }
    if office is not None:
        # In every phase, or the coverage phase would send the document's example office (another
        # office: the gate's 403 before anything else). Other offices' 403s: test_staff_auth.py.
        parameters["path.office_id"] = office
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            # too_slow: a shared CI machine must not fail the run. filter_too_much: a registration
            # number, a name and a phone number have a pattern and a length that only together say
            # what is taken (no regex can bound "separators anywhere" to 16 characters), so most
            # strings drawn from the pattern are longer than the length allows and are drawn again:
            # that costs a few milliseconds per case, and the cases sent are still all valid ones.
            "suppress-health-check": ["too_slow", "filter_too_much"],
            "dictionaries": {"niks": {"values": NIKS}},
            "parameters": parameters,
            "generation": {"max-examples": max_examples, "deterministic": True, "database": "none", "mode": "all"},
            "phases": {"coverage": {"enabled": coverage, "unexpected-methods": UNEXPECTED_METHODS}},
            "checks": {
                "positive_data_acceptance": {"expected-statuses": VALID_DATA_ANSWERS},
                "negative_data_rejection": {"expected-statuses": INVALID_DATA_ANSWERS},
            },
        }
    )


def _real_bookings_too(_: Any, path_parameters: dict[str, Any] | None) -> st.SearchStrategy[Any]:
    """The generated path parameters, or the same with a real booking's registration number."""
    if not path_parameters or "registration_number" not in path_parameters or not _REAL_BOOKINGS:
        return st.just(path_parameters)
    real = st.sampled_from(_REAL_BOOKINGS).map(lambda number: {**path_parameters, "registration_number": number})
    return st.one_of(st.just(path_parameters), real)


public = schemathesis.openapi.from_path(PUBLIC_DOCUMENT, config=_config(max_examples=MAX_EXAMPLES))
staff_api = schemathesis.openapi.from_path(STAFF_DOCUMENT, config=_config(max_examples=MAX_EXAMPLES, office=OFFICE))
#: Unsigned requests all meet the same refusal: a few generated cases per operation show it.
staff_unsigned = schemathesis.openapi.from_path(STAFF_DOCUMENT, config=_config(max_examples=3, coverage=False))
for _schema in (public, staff_api):
    _schema.hook("flatmap_path_parameters")(_real_bookings_too)


def _declared(case: Any, status: int) -> tuple[set[str], set[str]]:
    """The error codes and the field rules the operation's document declares for this status."""
    answer = case.operation.definition.raw.get("responses", {}).get(str(status), {})
    return set(answer.get("x-error-codes", [])), set(answer.get("x-field-rules", []))


def _failure(title: str, message: str, case: Any) -> Failure:
    return Failure(operation=case.operation.label, title=title, message=message)


def refusals_are_declared(ctx: CheckContext, response: Any, case: Any) -> bool | None:
    """A refusal by a function (error.code in the body) carries a code the operation declares for
    its status; a request the schema accepts, refused as invalid_request, is refused only for
    field rules the operation declares (a field the schema itself refuses would be the document
    saying less than the server checks)."""
    try:
        error = response.json()["error"] if response.status_code >= 400 else None
    except (ValueError, KeyError, TypeError):
        return None  # API Gateway's own answers ({"message": ...}) carry no code
    if not isinstance(error, dict) or response.status_code == 405:  # 405: an undeclared method
        return None
    codes, rules = _declared(case, response.status_code)
    if error.get("code") not in codes:
        raise _failure(
            "Undeclared refusal",
            f"{response.status_code} {error.get('code')!r} is not in x-error-codes {sorted(codes)}",
            case,
        )
    meta = case.meta
    positive = meta is not None and meta.generation.mode.is_positive
    if positive and error["code"] == "invalid_request":
        refused = {f["code"] for f in error.get("fields") or []}
        if not refused <= rules:
            raise _failure(
                "Undeclared refusal",
                f"valid input refused for {sorted(refused - rules)}, not in x-field-rules; "
                f"headers {case.headers!r}, query {case.query!r}",
                case,
            )
    return None


def missing_signature_is_api_gateways_403(ctx: CheckContext, response: Any, case: Any) -> bool | None:
    """schemathesis' missing_required_header, but for the staff API's Authorization: API Gateway
    answers a request to an AWS_IAM route with no signature 403 Missing Authentication Token (the
    document's 403), where schemathesis expects 401; nothing in front of a function can change that."""
    data = case.meta.phase.data if case.meta is not None else None
    if (
        getattr(data, "scenario", None) == CoverageScenario.MISSING_PARAMETER
        and str(getattr(data, "parameter", "")).lower() == "authorization"
    ):
        if response.status_code != 403:
            raise _failure(
                "Missing signature accepted", f"a request with no signature got {response.status_code}, not 403", case
            )
        return None
    return missing_required_header(ctx, response, case)


#: Every check of schemathesis (the default set, all enabled) and ours.
VALIDATION: dict[str, Any] = {
    "additional_checks": [refusals_are_declared, missing_signature_is_api_gateways_403],
    "excluded_checks": [missing_required_header],
}


class SignedAs(requests.auth.AuthBase):
    """SigV4 as one of the stack's demo staff users (botocore's signer, as scripts/staff.py signs),
    applied to the request as requests is about to send it. The signature takes the place of the
    Authorization header the case carries (the document's sigv4 scheme); a case that leaves it out
    (to see a missing signature refused) is sent unsigned."""

    def __init__(self, data_dir: Path, user: str) -> None:
        self.credentials = staff.local_credentials(data_dir, user)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if "Authorization" not in request.headers:
            return request
        # Sent with the query encoded as SigV4 canonicalises it, so what is signed is what is sent.
        parts = urlsplit(str(request.url))
        target = staff.request_target(parts.path + (f"?{parts.query}" if parts.query else ""))
        request.url = f"{parts.scheme}://{parts.netloc}{target}"
        body = request.body or b""
        payload = body.encode() if isinstance(body, str) else body
        headers = {name: value for name, value in request.headers.items() if name.lower() == "content-type"}
        signed = AWSRequest(method=request.method, url=request.url, data=payload, headers=headers)
        SigV4Auth(self.credentials, staff.SERVICE, staff.REGION).add_auth(signed)
        request.headers.update(dict(signed.headers.items()))
        return request


@pytest.fixture(scope="module")
def fuzz_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """A fresh stack of this module's own; one worker per function, as cases are sent one by one."""
    data_dir = tmp_path_factory.mktemp("fuzz-stack")
    console = tmp_path_factory.mktemp("fuzz-stack-console") / "console.log"  # the stack owns data_dir
    with fresh_stack(data_dir, console, workers=1) as running:
        yield running


@pytest.fixture(scope="module")
def real_bookings(fuzz_stack: LocalStack) -> list[str]:
    """Given a booking of each of NIKS in the office's first open days."""
    http = Http(fuzz_stack.base_url)
    days = [day["date"] for day in http.open_days(OFFICE)][: len(NIKS)]
    numbers = []
    for serial, day in enumerate(days, start=1):
        booked = http.post(f"/offices/{OFFICE}/bookings", json=booking_body(serial, day))
        assert booked.status_code == 201, booked.text
        numbers.append(booked.json()["registration_number"])
    _REAL_BOOKINGS[:] = numbers
    return numbers


@public.parametrize()
def test_public_api_answers_generated_requests_as_documented_and_never_with_a_server_error(
    case: Any, fuzz_stack: LocalStack, real_bookings: list[str]
) -> None:
    # When a generated request is sent, then its answer is documented and no 5xx.
    case.call_and_validate(base_url=fuzz_stack.base_url, **VALIDATION)


@staff_api.parametrize()
def test_staff_api_answers_a_supervisors_generated_requests_as_documented_and_never_with_a_server_error(
    case: Any, fuzz_stack: LocalStack, real_bookings: list[str]
) -> None:
    # When a generated request is sent signed by the office's supervisor, then its answer is
    # documented and no 5xx.
    case.call_and_validate(base_url=fuzz_stack.base_url, auth=SignedAs(fuzz_stack.data_dir, SUPERVISOR), **VALIDATION)


@staff_unsigned.parametrize()
def test_staff_api_refuses_unsigned_requests_with_its_documented_403(case: Any, fuzz_stack: LocalStack) -> None:
    # When a generated request is sent unsigned
    response = case.call(base_url=fuzz_stack.base_url)

    # Then API Gateway refuses it, and the document declares that refusal too
    assert response.status_code == 403, response.text
    case.validate_response(response, **VALIDATION)
