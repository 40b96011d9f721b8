"""Start a poller per enabled SQS or DynamoDB event of the template, as Lambda runs an event source
mapping per event; each invokes its function through the function's worker pool."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

from botocore.exceptions import ClientError

from antrean_local import LocalStackError
from antrean_local.clients import ClientFactory
from antrean_local.event_sources.queue_poller import QueuePoller
from antrean_local.event_sources.stream_poller import StreamPoller
from antrean_local.function_pool import FunctionPool
from antrean_local.template import QueueEvent, StreamEvent

log = logging.getLogger(__name__)

_Event = TypeVar("_Event", QueueEvent, StreamEvent)


class EventSourceError(LocalStackError):
    """A queue the template names cannot be polled locally."""


def start_queue_pollers(
    events: Iterable[QueueEvent], sqs: ClientFactory, pools: Mapping[str, FunctionPool], running: contextlib.ExitStack
) -> None:
    """One poller per enabled SQS event, each stopped by ``running`` (closed when the stack stops)."""
    for event in _enabled(events, "its queue is not polled", logging.WARNING):
        pool = pools[event.function_id]
        try:
            poller = QueuePoller(event, sqs("sqs"), pool.invoke)
        except ClientError as error:  # an ARN from outside the template: nothing local to poll
            raise EventSourceError(f"{event.name}: cannot poll {event.queue_arn} locally ({error})") from None
        _start(poller, running)


def start_stream_pollers(
    events: Iterable[StreamEvent],
    dynamodb: ClientFactory,
    sqs: ClientFactory,
    pools: Mapping[str, FunctionPool],
    running: contextlib.ExitStack,
) -> None:
    """One poller per enabled DynamoDB event, each stopped by ``running``; ``dynamodb`` makes the
    clients of DynamoDB Local, ``sqs`` those of moto (where the OnFailure queues are)."""
    for event in _enabled(events, "its stream is not read", logging.DEBUG):
        poller = StreamPoller(
            event, dynamodb("dynamodb"), dynamodb("dynamodbstreams"), sqs("sqs"), pools[event.function_id].invoke
        )
        _start(poller, running)


def _enabled(events: Iterable[_Event], disabled: str, ignored_level: int) -> Iterator[_Event]:
    """The enabled events; says which are disabled, and what the others leave out locally."""
    for event in events:
        if not event.enabled:
            log.info("%s is disabled in the template: %s", event.name, disabled)
            continue
        for name, why in event.ignored.items():
            log.log(ignored_level, "%s: %s is not applied locally (%s)", event.name, name, why)
        yield event


def _start(poller: QueuePoller | StreamPoller, running: contextlib.ExitStack) -> None:
    log.info("%s", poller.describe())
    poller.start()
    running.callback(poller.stop)
