"""Realistic test data: valid NIKs, phone numbers, API Gateway events."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote_plus, urlencode


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
    user_arn: str | None = None,
) -> dict[str, Any]:
    """An API Gateway REST (v1) proxy event, as API Gateway sends it to the function (with the
    signing IAM user's ARN in requestContext.identity for an AWS_IAM route)."""
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
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "pytest", "userArn": user_arn},
        },
        "body": text,
        "isBase64Encoded": False,
    }


def sqs_s3_event(key: str, size: int, at: str, message_id: str = "msg-1") -> dict[str, Any]:
    """An SQS event carrying one S3 ObjectCreated notification, as the intake function gets it."""
    notification = {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "ap-southeast-3",
                "eventTime": at,
                "eventName": "ObjectCreated:Post",
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "scans",
                    "bucket": {"name": "antrean-test-scans", "arn": "arn:aws:s3:::antrean-test-scans"},
                    "object": {"key": quote_plus(key, safe="/"), "size": size, "sequencer": "0A1B2C3D4E5F678901"},
                },
            }
        ]
    }
    return {
        "Records": [
            {
                "messageId": message_id,
                "receiptHandle": f"receipt-{message_id}",
                "body": json.dumps(notification),
                "attributes": {
                    "ApproximateReceiveCount": "1",
                    "SentTimestamp": "1795500000000",
                    "SenderId": "AIDAEXAMPLE",
                    "ApproximateFirstReceiveTimestamp": "1795500000001",
                },
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:ap-southeast-3:123456789012:ScanEventsQueue",
                "awsRegion": "ap-southeast-3",
            }
        ]
    }


def noise_image(width: int, height: int, image_format: str) -> bytes:
    """A photo-like image (random pixels do not compress) as PNG, JPEG or a one-page PDF."""
    import io
    import random

    from PIL import Image

    rng = random.Random(width * height)
    image = Image.frombytes("RGB", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height * 3)))
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()
