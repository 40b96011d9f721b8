"""A client generated from the public API's document agrees with the server: datamodel-code-generator
(pinned in requirements-dev.txt) builds pydantic models from openapi/public_api.json, and a request
body those models refuse is refused by the server (422 invalid_request), while one they accept is
not refused for its syntax (never 422 invalid_request; state and time may still refuse it, with the
codes the document declares). A form or an app built from the document then refuses exactly what
the server would.

The handlers run in-process against moto (a booking per body); the models are generated once."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from tests.support import ROOT
from tests.support.clock import WEDNESDAY
from tests.support.factories import booking_body, nik
from tests.support.handlers import Api

DOCUMENT = ROOT / "openapi" / "public_api.json"


@pytest.fixture(scope="module")
def client_models(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The document's models, as a client generated from it has them."""
    output = tmp_path_factory.mktemp("generated") / "public_models.py"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("datamodel-codegen")),
            *("--input", str(DOCUMENT), "--input-file-type", "openapi", "--output", str(output)),
            *("--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.13"),
            *("--formatters", "builtin"),
        ],
        check=True,
        capture_output=True,
    )
    spec = importlib.util.spec_from_file_location("public_models", output)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its annotations are strings, resolved through the module
    spec.loader.exec_module(module)
    return module


def _accepts(model: type[BaseModel], body: dict[str, Any]) -> bool:
    try:
        model.model_validate(body)
    except ValidationError:
        return False
    return True


def _refused_for_syntax(status: int, answer: Any) -> bool:
    return status == 422 and answer["error"]["code"] == "invalid_request"


#: Bodies at the edges of what the schema says: each with its own NIK serial, so none is refused
#: for an earlier one's booking.
EDGES: list[dict[str, Any]] = [
    {},
    {"nik": nik(3, woman=True)},  # born on the 1st, a woman: day 41
    {"nik": "3523014501900000"},  # serial 0000
    {"nik": "9523014501900004"},  # province 95
    {"nik": "3523013002900005"},  # 30 February
    {"nik": "3523012902000006"},  # 29 February 2000 (or 1900: no year says which century)
    {"nik": "352301450190000７"},  # a full-width digit
    {"nik": "3523014501900008\n"},
    {"phone": "+62 812-3456-7809"},
    {"phone": "(0812) 3456.7810"},
    {"phone": "62812345611"},  # 62 without + and too few digits: a fixed line in area 62
    {"phone": "0812-FLOWERS"},
    {"phone": "021 555 1212"},  # a fixed line
    {"name": "  Siti   Aminah  "},
    {"name": "Ni Luh Putu Ayu Ṣaraswati"},
    {"name": "Siti 2"},
    {"name": "   "},
    {"name": "O'Neil-Putra, Jr."},
    {"channel": "email"},  # no address: a rule across fields, declared (email_required)
    {"channel": "email", "email": "siti.aminah@example.id"},
    {"email": "not an address"},
    {"service": "passport"},
    {"session": "a"},
    {"date": "2026-13-01"},
    {"extra": "field"},
]


@pytest.mark.parametrize("serial", range(len(EDGES)))
def test_a_booking_body_the_generated_model_refuses_is_refused_and_one_it_accepts_is_not_refused_for_syntax(
    seed, api: Api, client_models: ModuleType, serial: int
) -> None:
    seed("tegal")
    body = {**booking_body(100 + serial, WEDNESDAY), **EDGES[serial]}

    status, answer = api.post("/offices/tegal/bookings", body)

    refused = _refused_for_syntax(status, answer)
    fields = [f["code"] for f in answer["error"].get("fields") or []] if refused else []
    # A rule across fields is the one refusal a schema cannot state: the document declares it.
    assert _accepts(client_models.BookingRequest, body) == (not refused or fields == ["email_required"]), (
        status,
        answer,
    )


def test_generated_values_are_judged_alike_by_the_generated_model_and_the_server(
    seed, api: Api, client_models: ModuleType
) -> None:
    seed("tegal")

    @settings(max_examples=60, deadline=None, derandomize=True, database=None)
    @given(
        field=st.sampled_from(["nik", "phone", "name"]),
        value=st.text(alphabet=st.sampled_from("0123456789 +-().\n\u00a0ABab'\u0663"), max_size=20),
    )
    def judged_alike(field: str, value: str) -> None:
        body = {**booking_body(900, WEDNESDAY), field: value}

        status, answer = api.post("/offices/tegal/bookings", body)

        assert _accepts(client_models.BookingRequest, body) == (not _refused_for_syntax(status, answer)), answer

    judged_alike()


@pytest.mark.parametrize(
    ("model", "path", "body"),
    [
        ("CancelRequest", "/bookings/7KQM3-XD9PZ/cancel", {"nik": "3523014501900001"}),
        ("CancelRequest", "/bookings/7KQM3-XD9PZ/cancel", {"nik": "35230145019000"}),
        ("CancelRequest", "/bookings/7KQM3-XD9PZ/cancel", {"nik": "3523014501900001", "name": "x"}),
        ("UploadRequest", "/bookings/7KQM3-XD9PZ/documents/kk/upload", {"nik": nik(1), "content_type": "image/png"}),
        ("UploadRequest", "/bookings/7KQM3-XD9PZ/documents/kk/upload", {"nik": nik(1), "content_type": "image/gif"}),
        ("UploadRequest", "/bookings/7KQM3-XD9PZ/documents/kk/upload", {"nik": nik(1)}),
    ],
)
def test_the_other_bodies_are_judged_alike_by_the_generated_models_and_the_server(
    seed, api: Api, client_models: ModuleType, model: str, path: str, body: dict[str, Any]
) -> None:
    seed("tegal")

    status, answer = api.post(path, body)

    # Accepted by the model: the server looks for the booking (404), never refuses the body.
    assert _accepts(getattr(client_models, model), body) == (not _refused_for_syntax(status, answer)), answer
