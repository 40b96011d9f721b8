"""The template's event source mappings: each SQS and DynamoDB (stream) event of a function, as the
local pollers run them (see antrean_local.event_sources)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from antrean_local.template.document import (
    TABLE_TYPE,
    FunctionEvent,
    Template,
    TemplateError,
    Unresolvable,
    function_events,
    properties,
)
from antrean_local.template.intrinsics import LocalValues, local_resource_name, resolve


@dataclass(frozen=True)
class _MappingSettings:
    """What both kinds of mapping say alike about invoking the function."""

    batch_size: int
    #: FunctionResponseTypes has ReportBatchItemFailures: the response lists the failed records.
    report_batch_item_failures: bool
    enabled: bool


def _settings(
    template: Template, props: dict[str, Any], default_batch_size: int, local: LocalValues | None
) -> _MappingSettings:
    response_types = resolve(template, props.get("FunctionResponseTypes") or [], local)
    return _MappingSettings(
        batch_size=int(resolve(template, props.get("BatchSize", default_batch_size), local)),
        report_batch_item_failures="ReportBatchItemFailures" in response_types,
        enabled=bool(resolve(template, props.get("Enabled", True), local)),
    )


# --- SQS ------------------------------------------------------------------------------------------

#: SAM's default BatchSize for SQS events.
DEFAULT_SQS_BATCH_SIZE = 10


@dataclass(frozen=True)
class QueueEvent(FunctionEvent):
    """One SQS event of a function: the event source mapping Lambda polls the queue with."""

    #: The queue's ARN, as the template gives it (``!GetAtt ScanEventsQueue.Arn``, resolved).
    queue_arn: str
    batch_size: int
    #: FunctionResponseTypes has ReportBatchItemFailures: the response lists the failed messages.
    report_batch_item_failures: bool
    enabled: bool
    #: Properties the local poller does not apply (FilterCriteria, ...): name -> why it matters.
    ignored: dict[str, str] = field(default_factory=dict)


# What AWS does with these that the local poller does not (it receives at most 10 messages at once).
_IGNORED_SQS_PROPERTIES = {
    "FilterCriteria": "every message reaches the function; AWS would delete the ones that do not match",
    "MaximumBatchingWindowInSeconds": "batches are what one receive returns (at most 10 messages)",
    "ScalingConfig": "one poller, one batch at a time",
    "MetricsConfig": "no metrics locally",
}


def list_queue_events(template: Template, local: LocalValues | None = None) -> list[QueueEvent]:
    """Every SQS event of every function, with its queue's ARN resolved."""
    events = []
    for function_id, event_name, props in function_events(template, "SQS"):
        where = f"{function_id}.Events.{event_name}"
        try:
            queue_arn = str(resolve(template, props.get("Queue"), local))
        except Unresolvable as why:
            raise TemplateError(f"{where}: cannot resolve its Queue locally ({why})") from None
        if not queue_arn.startswith("arn:aws:sqs:"):
            raise TemplateError(f"{where}: Queue must be a queue ARN (!GetAtt Queue.Arn), got {queue_arn!r}")
        settings = _settings(template, props, DEFAULT_SQS_BATCH_SIZE, local)
        events.append(
            QueueEvent(
                function_id=function_id,
                event_name=event_name,
                queue_arn=queue_arn,
                batch_size=settings.batch_size,
                report_batch_item_failures=settings.report_batch_item_failures,
                enabled=settings.enabled,
                ignored={name: why for name, why in _IGNORED_SQS_PROPERTIES.items() if name in props},
            )
        )
    return events


# --- DynamoDB streams -----------------------------------------------------------------------------

#: SAM's default BatchSize for DynamoDB events.
DEFAULT_STREAM_BATCH_SIZE = 100


@dataclass(frozen=True)
class StreamEvent(FunctionEvent):
    """One DynamoDB event of a function: the event source mapping Lambda reads the table's stream with."""

    #: The table whose stream is read (``!GetAtt Table.StreamArn``) and its local name.
    table_logical_id: str
    table_name: str
    starting_position: str
    batch_size: int
    report_batch_item_failures: bool
    bisect_on_error: bool
    #: None: retried until the record expires (Lambda's default, -1).
    maximum_retry_attempts: int | None
    #: FilterCriteria's patterns, parsed: a record reaches the function when one matches (no
    #: pattern: every record does).
    filters: tuple[dict[str, Any], ...]
    #: DestinationConfig.OnFailure's queue ARN, where a batch goes once its retries are used up.
    on_failure_arn: str | None
    enabled: bool
    #: Properties the local poller does not apply: name -> why it matters.
    ignored: dict[str, str] = field(default_factory=dict)


_IGNORED_STREAM_PROPERTIES = {
    "MaximumBatchingWindowInSeconds": "a batch is what one poll finds",
    "MaximumRecordAgeInSeconds": "records never age out locally",
    "ParallelizationFactor": "one batch at a time per shard",
    "TumblingWindowInSeconds": "no tumbling windows locally",
    "MetricsConfig": "no metrics locally",
    "StartingPositionTimestamp": "the local poller starts at the latest record",
    "KmsKeyArn": "filter criteria are not encrypted locally",
}


def _stream_table(template: Template, stream: Any, where: str) -> str:
    """The logical id of the table whose stream ``!GetAtt Table.StreamArn`` names."""
    argument = stream.get("Fn::GetAtt") if isinstance(stream, dict) and len(stream) == 1 else None
    if isinstance(argument, str):
        argument = argument.split(".", 1)
    if (
        not isinstance(argument, list)
        or len(argument) != 2
        or argument[1] != "StreamArn"
        or template["Resources"].get(argument[0], {}).get("Type") != TABLE_TYPE
    ):
        raise TemplateError(f"{where}: Stream must be !GetAtt <a table of the template>.StreamArn, got {stream!r}")
    if not properties(template, argument[0]).get("StreamSpecification"):
        raise TemplateError(f"{where}: the table {argument[0]} has no StreamSpecification")
    return str(argument[0])


def _filter_patterns(template: Template, props: dict[str, Any], where: str) -> tuple[dict[str, Any], ...]:
    filters = (resolve(template, props.get("FilterCriteria")) or {}).get("Filters") or []
    patterns = []
    for entry in filters:
        try:
            pattern = json.loads(entry["Pattern"])
        except (KeyError, TypeError, ValueError) as error:
            raise TemplateError(f"{where}: a FilterCriteria pattern is not JSON ({error})") from None
        if not isinstance(pattern, dict):
            raise TemplateError(f"{where}: a FilterCriteria pattern must be a JSON object")
        patterns.append(pattern)
    return tuple(patterns)


def list_stream_events(template: Template, local: LocalValues | None = None) -> list[StreamEvent]:
    """Every DynamoDB event of every function, with its table, filters and on-failure queue."""
    events = []
    for function_id, event_name, props in function_events(template, "DynamoDB"):
        where = f"{function_id}.Events.{event_name}"
        table_id = _stream_table(template, props.get("Stream"), where)
        ignored = {name: why for name, why in _IGNORED_STREAM_PROPERTIES.items() if name in props}
        destination = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
        on_failure = str(resolve(template, destination, local)) if destination else None
        if on_failure and not on_failure.startswith("arn:aws:sqs:"):
            ignored["DestinationConfig"] = f"only an SQS queue receives failed batches locally, not {on_failure}"
            on_failure = None
        retries = int(resolve(template, props.get("MaximumRetryAttempts", -1), local))
        settings = _settings(template, props, DEFAULT_STREAM_BATCH_SIZE, local)
        events.append(
            StreamEvent(
                function_id=function_id,
                event_name=event_name,
                table_logical_id=table_id,
                table_name=local_resource_name(template, table_id),
                starting_position=str(resolve(template, props.get("StartingPosition", "LATEST"), local)),
                batch_size=settings.batch_size,
                report_batch_item_failures=settings.report_batch_item_failures,
                bisect_on_error=bool(resolve(template, props.get("BisectBatchOnFunctionError", False), local)),
                maximum_retry_attempts=None if retries < 0 else retries,
                filters=_filter_patterns(template, props, where),
                on_failure_arn=on_failure,
                enabled=settings.enabled,
                ignored=ignored,
            )
        )
    return events
