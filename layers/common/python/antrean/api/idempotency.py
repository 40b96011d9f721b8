"""The one way to answer a request that may come again. Creates that are idempotent by design (a
retried booking finds its own booking) answer 201 when made now and 200 when found; a POST sent
with an Idempotency-Key runs once per key (powertools Idempotency), and a retry with the same key
gets the first answer back, status included, and changes nothing more."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Response
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
from pydantic import BaseModel

from antrean.api.resolver import json_response
from antrean.caches import kept
from antrean.config import settings
from antrean.errors import IdempotencyKeyReused, RequestInProgress
from antrean.store import store

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[A-Za-z0-9_.:-]{8,128}$"
_work: ContextVar[Callable[[], dict[str, Any]]] = ContextVar("idempotent_work")


@dataclass(frozen=True)
class Answer:
    """A route's answer: its status and its body (a response model)."""

    status: int
    body: BaseModel

    @classmethod
    def created_or_found(cls, created: bool, body: BaseModel) -> Answer:
        """201 when made now; 200 when a retry found what it made before."""
        return cls(201 if created else 200, body)

    def response(self) -> Response[Any]:
        return json_response(self.status, self.body)


class _Stored(BaseModel):
    """An answer as the idempotency record keeps it, the body as sent."""

    status: int
    body: dict[str, Any]


def answer_once(
    key: str | None, scope: str, request: BaseModel, work: Callable[[], Answer], context: LambdaContext | None
) -> Response[Any]:
    """`work()`'s answer; with a key, once per (scope, key): a retry gets the stored answer back
    (the resolver checks its body against the route's model as it checks a fresh one)."""
    if not key:
        return work().response()

    def first() -> dict[str, Any]:
        answer = work()
        return _Stored(status=answer.status, body=answer.response().body).model_dump()

    stored = _Stored.model_validate(once(key, scope, request.model_dump(mode="json"), first, context))
    return json_response(stored.status, stored.body)


@kept
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
