"""template.yaml and the handlers agree: every route API Gateway sends to a function is one the
function serves, every route a function serves is reachable, and staff routes are all AWS_IAM; every
address of the public API takes any other method too, for the function to answer it with 405."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from antrean_local.modules import load_function
from antrean_local.template import list_routes, load_template

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = {"PublicApiFunction": "public_api", "StaffApiFunction": "staff_api"}


def _served(function: str) -> list[tuple[str, re.Pattern[str]]]:
    """(method, path pattern) of each route the handler serves, from its OpenAPI document."""
    document = json.loads(load_function(function).app.get_openapi_json_schema())
    served = []
    for path, operations in document["paths"].items():
        parameters = {
            p["name"]: p["schema"].get("pattern", "").strip("^$") or "[^/]+"
            for op in operations.values()
            for p in op.get("parameters", [])
            if p["in"] == "path"
        }
        pattern = path
        for name, allowed in parameters.items():
            pattern = pattern.replace("{" + name + "}", f"(?:{allowed})")
        pattern = re.sub(r"\{\w+\}", "[^/]+", pattern)
        served += [(method.upper(), re.compile(f"^{pattern}$")) for method in operations]
    return served


@pytest.mark.parametrize(("function_id", "function"), FUNCTIONS.items())
def test_every_template_route_is_served_by_its_function_and_every_served_route_is_routed(
    function_id: str, function: str
) -> None:
    routes = [r for r in list_routes(load_template(ROOT / "template.yaml")) if r.function_id == function_id]
    served = _served(function)
    # Path parameters of the template ({office_id}) stand for any value the handler accepts.
    sample = {
        "office_id": "tegal",
        "registration_number": "7KQM3-XD9PZ",
        "document_type": "kk",
        "username": "rina-tegal",
        "ticket": "7KQM3-XD9PZ-1",
        "token": "AbCdEfGhIjKlMnOpQrStUv",
        "attempt_id": "AbCdEfGhIjKlMnOpQr-_Uv",
    }

    # An ANY route is served by the function's 405 for the methods its address does not declare.
    unserved = [
        (r.method, r.path)
        for r in routes
        if not any(r.method in (m, "ANY") and p.match(r.path.format(**sample)) for m, p in served)
    ]
    unrouted = [
        (m, p.pattern) for m, p in served if not any(r.method == m and p.match(r.path.format(**sample)) for r in routes)
    ]

    assert (unserved, unrouted) == ([], [])


def test_staff_routes_are_all_signed_and_public_routes_are_open() -> None:
    routes = list_routes(load_template(ROOT / "template.yaml"))

    assert {r.auth for r in routes if r.function_id == "StaffApiFunction"} == {"AWS_IAM"}
    assert {r.auth for r in routes if r.function_id == "PublicApiFunction"} == {"NONE"}
    assert all(r.path.startswith("/staff/") for r in routes if r.function_id == "StaffApiFunction")


def test_every_address_of_the_public_api_sends_its_other_methods_to_the_function() -> None:
    routes = [r for r in list_routes(load_template(ROOT / "template.yaml")) if r.function_id == "PublicApiFunction"]

    assert {r.path for r in routes if r.method == "ANY"} == {r.path for r in routes if r.method != "ANY"}
