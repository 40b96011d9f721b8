"""Secrets Manager: the only module that reads secrets (the key of the NIK pseudonyms)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

from antrean.caches import kept


@kept
def client() -> Any:
    """The process's Secrets Manager client (made once: a client costs tens of milliseconds)."""
    return boto3.client(
        "secretsmanager", config=Config(connect_timeout=2, read_timeout=3, retries={"mode": "standard"})
    )


def secret_versions(secret_id: str, stages: tuple[str, ...]) -> list[bytes]:
    """The secret's values at these version stages, in their order, each version once; stages
    without a version are left out, except the first (AWSCURRENT), which must exist."""
    secrets = client()
    found: dict[str, bytes] = {}
    for stage in stages:
        try:
            value = secrets.get_secret_value(SecretId=secret_id, VersionStage=stage)
        except secrets.exceptions.ResourceNotFoundException:
            if stage == stages[0]:
                raise
            continue  # no rotation in progress
        found.setdefault(value["VersionId"], value["SecretString"].encode())
    return list(found.values())
