"""boto3 clients for the local stack's own endpoints (DynamoDB Local's, moto's), with the stack's
fake credentials: nothing local ever signs with a developer's real profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3

from antrean_local import LOCAL_ACCESS_KEY, REGION

#: Makes a boto3 client for a service name ("s3", "sqs", "dynamodb", ...), pointed at one endpoint.
ClientFactory = Callable[[str], Any]


def local_client(service: str, endpoint: str, region: str = REGION) -> Any:
    """A boto3 client for one local endpoint."""
    return boto3.client(  # type: ignore[call-overload]
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=LOCAL_ACCESS_KEY,
        aws_secret_access_key=LOCAL_ACCESS_KEY,
    )


def local_clients(endpoint: str) -> ClientFactory:
    """Makes clients for one local endpoint, by service name."""
    return lambda service: local_client(service, endpoint)
