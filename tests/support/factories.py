"""Realistic test data: valid NIKs, phone numbers, API Gateway events."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode


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


def api_event(
    method: str,
    path: str,
    *,
    body: Any = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    resource: str | None = None,
    path_parameters: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST (v1) proxy event, as API Gateway sends it to the function."""
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
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "pytest"},
        },
        "body": text,
        "isBase64Encoded": False,
    }
