"""Configuration: one model, read from the environment once, failing fast when incomplete."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, Field, ValidationError


class Settings(BaseModel):
    table_name: str = Field(min_length=1)
    idempotency_table_name: str = Field(min_length=1)
    scans_bucket: str = Field(min_length=1)
    booking_retention_days: int = Field(ge=30, le=3650)


class ConfigurationError(RuntimeError):
    """The function was deployed without a variable it needs: a deploy bug, not a user error."""


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings of this process (template.yaml's Environment, or the local stack's)."""
    try:
        return Settings.model_validate(
            {
                "table_name": os.environ.get("TABLE_NAME", ""),
                "idempotency_table_name": os.environ.get("IDEMPOTENCY_TABLE_NAME", ""),
                "scans_bucket": os.environ.get("SCANS_BUCKET", ""),
                "booking_retention_days": os.environ.get("BOOKING_RETENTION_DAYS", ""),
            }
        )
    except ValidationError as error:
        wrong = ", ".join(str(e["loc"][0]).upper() for e in error.errors())
        raise ConfigurationError(f"missing or invalid environment variables: {wrong}") from error
