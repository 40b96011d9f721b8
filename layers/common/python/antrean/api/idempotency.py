"""Idempotency-Key support for POST routes (powertools Idempotency): a retried request with the
same key gets the first answer back, status included, and changes nothing more."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from antrean.config import settings
from antrean.errors import IdempotencyKeyReused, RequestInProgress
from antrean.store import store

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[A-Za-z0-9_.:-]{8,128}$"
_work: ContextVar[Callable[[], dict[str, Any]]] = ContextVar("idempotent_work")


@lru_cache(maxsize=1)
def _runner() -> tuple[Callable[..., dict[str, Any]], IdempotencyConfig]:
    # Built on first use, not at import: most requests carry no key and should not pay for it.
    config = IdempotencyConfig(
        event_key_jmespath="key", payload_validation_jmespath="payload", expires_after_seconds=24 * 3600
    )
    persistence = DynamoDBPersistenceLayer(
        table_name=settings().idempotency_table_name, boto3_client=store().table.client
    )

    @idempotent_function(data_keyword_argument="call", persistence_store=persistence, config=config)
    def run(call: dict[str, Any]) -> dict[str, Any]:
        return _work.get()()

    return run, config


def once(
    key: str, scope: str, payload: Any, work: Callable[[], dict[str, Any]], context: LambdaContext | None
) -> dict[str, Any]:
    """Run `work` once per (scope, key); a repeat returns the stored result. The same key with
    another payload is refused rather than answered with someone else's result."""
    run, config = _runner()
    if context is not None:
        config.register_lambda_context(context)
    token = _work.set(work)
    try:
        return run(call={"key": f"{scope}:{key}", "payload": payload})
    except IdempotencyValidationError as error:
        raise IdempotencyKeyReused() from error
    except IdempotencyAlreadyInProgressError as error:
        raise RequestInProgress() from error
    finally:
        _work.reset(token)
