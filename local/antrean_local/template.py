"""Read template.yaml for the local stack: API routes, schedules, queue events, functions, tables.

The template stays the single source of truth: the gateway, the workers, the scheduler and the
queue pollers are configured from what this module reads, never from a second list kept by hand.

Intrinsic functions are kept as CloudFormation's long form (``!Ref X`` -> ``{"Ref": "X"}``) and
only the ones that have a sensible local value are evaluated: parameters (their Default, or a
local override), pseudo parameters, the local names of tables, buckets and queues and their ARNs,
and whatever the local stack recorded in :class:`LocalValues` while creating resources (a queue's
URL, a KMS key's id). Anything else (a condition, an attribute that only exists in AWS) raises
:class:`Unresolvable` and the caller decides.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from antrean_local import REGION, LocalStackError

Template = dict[str, Any]

LOCAL_ACCOUNT_ID = "123456789012"
LOCAL_STACK_NAME = "antrean-local"

PSEUDO_PARAMETERS = {
    "AWS::AccountId": LOCAL_ACCOUNT_ID,
    "AWS::Partition": "aws",
    "AWS::Region": REGION,
    "AWS::StackName": LOCAL_STACK_NAME,
    "AWS::URLSuffix": "amazonaws.com",
}

FUNCTION_TYPE = "AWS::Serverless::Function"
TABLE_TYPE = "AWS::DynamoDB::Table"
BUCKET_TYPE = "AWS::S3::Bucket"
BUCKET_POLICY_TYPE = "AWS::S3::BucketPolicy"
QUEUE_TYPE = "AWS::SQS::Queue"
QUEUE_POLICY_TYPE = "AWS::SQS::QueuePolicy"
KMS_KEY_TYPE = "AWS::KMS::Key"
SECRET_TYPE = "AWS::SecretsManager::Secret"  # noqa: S105 (a resource type, not a password)
LAYER_TYPES = ("AWS::Serverless::LayerVersion",)

# Authorizers the local gateway knows how to apply (see gateway.check_iam_auth).
SUPPORTED_AUTH = ("NONE", "AWS_IAM")

# SAM's defaults, used when neither the function nor Globals.Function say otherwise.
DEFAULT_TIMEOUT_S = 3
DEFAULT_MEMORY_MB = 128
# SAM names the implicit API of Api events without RestApiId like this, with stage "Prod".
IMPLICIT_API_ID = "ServerlessRestApi"
IMPLICIT_API_STAGE = "Prod"


class TemplateError(LocalStackError):
    """template.yaml holds something the local stack cannot run; the message says what and where."""


class Unresolvable(Exception):
    """A value only exists once deployed to AWS (an ARN, a queue URL, a condition, ...)."""


# --- Loading ------------------------------------------------------------------------------------


class _CloudFormationLoader(yaml.SafeLoader):
    """A SafeLoader that turns CloudFormation short tags into their long-form dicts."""


def _construct_short_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix in ("Ref", "Condition"):
        return {suffix: value}
    if suffix == "GetAtt" and isinstance(value, str):
        # "!GetAtt Table.Arn" is the short form of {"Fn::GetAtt": ["Table", "Arn"]}.
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CloudFormationLoader.add_multi_constructor("!", _construct_short_tag)


def load_template(path: Path) -> Template:
    """Parse a SAM/CloudFormation template, keeping short tags as long-form intrinsic dicts."""
    with path.open(encoding="utf-8") as stream:
        template = yaml.load(stream, Loader=_CloudFormationLoader)  # noqa: S506 (a SafeLoader subclass)
    if not isinstance(template, dict) or not isinstance(template.get("Resources"), dict):
        raise TemplateError(f"{path} has no Resources section; is it a SAM template?")
    return template


def resources_of_type(template: Template, resource_type: str) -> dict[str, dict[str, Any]]:
    """The template's resources of one type, by logical id, in template order."""
    return {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if resource.get("Type") == resource_type
    }


def _properties(template: Template, logical_id: str) -> dict[str, Any]:
    return template["Resources"][logical_id].get("Properties") or {}


# --- Resolving intrinsic functions ---------------------------------------------------------------


@dataclass
class LocalValues:
    """What intrinsics resolve to in a running local stack, beyond what the template itself says.

    Filled in while the stack creates resources: a queue's URL or a key's id only exist then.
    """

    #: Parameter values that replace the template's Default (the web form's real origin, ...).
    parameters: dict[str, Any] = field(default_factory=dict)
    #: Attributes of the resources created locally: logical id -> {"Ref": ..., "Arn": ..., ...}.
    resources: dict[str, dict[str, str]] = field(default_factory=dict)


# SQS's limit; S3's is 63, and DNS-valid: lower case letters, digits and hyphens.
_QUEUE_NAME_MAX = 80
_BUCKET_NAME_MAX = 63


def local_resource_name(template: Template, logical_id: str) -> str:
    """The name a table, bucket, queue or secret has in the local stack.

    The template's own TableName/BucketName/QueueName when it sets one, else a stable name derived
    from the logical id. CloudFormation would generate ``<stack>-<logical id>-<random>``; locally
    the random part is left out so that names stay the same across restarts: the logical id alone
    for tables (the seed script and tests use ``Table``), ``antrean-local-<logical id>`` for queues
    and its lower case for buckets (``antrean-local-scansbucket``), whose names must be DNS-valid;
    ``antrean-local/<logical id>`` for secrets.
    """
    resource = template["Resources"][logical_id]
    resource_type = resource.get("Type")
    props = resource.get("Properties") or {}
    if resource_type == TABLE_TYPE:
        return str(resolve(template, props["TableName"])) if "TableName" in props else logical_id
    if resource_type == BUCKET_TYPE:
        if "BucketName" in props:
            return str(resolve(template, props["BucketName"]))
        return f"{LOCAL_STACK_NAME}-{logical_id.lower()}"[:_BUCKET_NAME_MAX].rstrip("-")
    if resource_type == QUEUE_TYPE:
        if "QueueName" in props:
            return str(resolve(template, props["QueueName"]))
        suffix = ".fifo" if str(props.get("FifoQueue", "")).lower() == "true" else ""
        return f"{LOCAL_STACK_NAME}-{logical_id}"[: _QUEUE_NAME_MAX - len(suffix)] + suffix
    if resource_type == SECRET_TYPE:
        return str(resolve(template, props["Name"])) if "Name" in props else f"{LOCAL_STACK_NAME}/{logical_id}"
    raise Unresolvable(f"{logical_id} ({resource_type}) has no local name")


def _static_attributes(template: Template, logical_id: str) -> dict[str, str]:
    """The attributes of a resource that are known before it exists (its name and ARN)."""
    resource_type = template["Resources"][logical_id].get("Type")
    if resource_type == TABLE_TYPE:
        name = local_resource_name(template, logical_id)
        return {"Ref": name, "Arn": f"arn:aws:dynamodb:{REGION}:{LOCAL_ACCOUNT_ID}:table/{name}"}
    if resource_type == BUCKET_TYPE:
        name = local_resource_name(template, logical_id)
        return {"Ref": name, "Arn": f"arn:aws:s3:::{name}"}
    if resource_type == QUEUE_TYPE:
        # !Ref of a queue is its URL, which has moto's address in it: only known once created.
        name = local_resource_name(template, logical_id)
        return {"QueueName": name, "Arn": f"arn:aws:sqs:{REGION}:{LOCAL_ACCOUNT_ID}:{name}"}
    if resource_type == SECRET_TYPE:
        # !Ref of a secret is its ARN, whose random suffix is only known once created; its name
        # serves every local use (SecretId takes either).
        return {"Ref": local_resource_name(template, logical_id)}
    return {}


def _resource_attribute(template: Template, logical_id: str, attribute: str, local: LocalValues | None) -> Any:
    recorded = local.resources.get(logical_id, {}) if local else {}
    if attribute in recorded:
        return recorded[attribute]
    static = _static_attributes(template, logical_id)
    if attribute in static:
        return static[attribute]
    resource_type = template["Resources"][logical_id].get("Type")
    shown = f"!Ref {logical_id}" if attribute == "Ref" else f"!GetAtt {logical_id}.{attribute}"
    raise Unresolvable(
        f"{shown} ({resource_type}) only has a value once deployed"
        + (" (or created by the local stack)" if resource_type in (QUEUE_TYPE, KMS_KEY_TYPE, SECRET_TYPE) else "")
    )


def _resolve_ref(template: Template, name: str, local: LocalValues | None) -> Any:
    if local and name in local.parameters:
        return local.parameters[name]
    if name in PSEUDO_PARAMETERS:
        return PSEUDO_PARAMETERS[name]
    parameters = template.get("Parameters") or {}
    if name in parameters:
        if "Default" not in parameters[name]:
            raise Unresolvable(f"parameter {name} has no Default to use locally")
        return parameters[name]["Default"]
    if name in template["Resources"]:
        return _resource_attribute(template, name, "Ref", local)
    raise Unresolvable(f"!Ref {name} names no parameter or resource in the template")


def _resolve_get_att(template: Template, argument: Any, local: LocalValues | None) -> Any:
    logical_id, attribute = argument.split(".", 1) if isinstance(argument, str) else argument
    if logical_id not in template["Resources"]:
        raise Unresolvable(f"!GetAtt {logical_id}.{attribute} names no resource in the template")
    return _resource_attribute(template, logical_id, str(attribute), local)


_SUB_VARIABLE = re.compile(r"\$\{([^}]+)\}")


def _resolve_sub(template: Template, argument: Any, local: LocalValues | None) -> str:
    if isinstance(argument, list):
        text, variables = argument[0], {k: resolve(template, v, local) for k, v in argument[1].items()}
    else:
        text, variables = argument, {}

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("!"):  # "${!Literal}" is how Fn::Sub escapes a literal "${Literal}"
            return "${" + name[1:] + "}"
        if name in variables:
            return str(variables[name])
        if "." in name:  # "${Bucket.Arn}" is Fn::Sub's short form of !GetAtt Bucket.Arn
            return str(_resolve_get_att(template, name, local))
        return str(_resolve_ref(template, name, local))

    return _SUB_VARIABLE.sub(substitute, text)


def resolve(template: Template, value: Any, local: LocalValues | None = None) -> Any:
    """Evaluate the intrinsic functions in ``value`` that have a local meaning.

    Supports Ref, Fn::GetAtt, Fn::Sub and Fn::Join; raises :class:`Unresolvable` for the others
    and for attributes with no local value. ``local`` adds what the running stack knows.
    """
    if isinstance(value, dict) and len(value) == 1:
        ((key, argument),) = value.items()
        if key == "Ref":
            return _resolve_ref(template, argument, local)
        if key == "Fn::GetAtt":
            return _resolve_get_att(template, argument, local)
        if key == "Fn::Sub":
            return _resolve_sub(template, argument, local)
        if key == "Fn::Join":
            separator, items = argument
            return separator.join(str(resolve(template, item, local)) for item in items)
        if key.startswith("Fn::") or key == "Condition":
            raise Unresolvable(f"{key} is not evaluated by the local stack")
    if isinstance(value, dict):
        return {key: resolve(template, item, local) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(template, item, local) for item in value]
    return value


def _describe(value: Any) -> str:
    """A short, template-like rendering of an intrinsic for messages (``!Ref X``)."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, argument),) = value.items()
        if key == "Fn::GetAtt" and isinstance(argument, list):
            argument = ".".join(map(str, argument))
        return f"!{key.removeprefix('Fn::')} {argument}"
    return repr(value)


# --- Functions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunctionSpec:
    """What the local stack needs to run one AWS::Serverless::Function.

    Paths are relative to the template's folder, as in the template.
    """

    logical_id: str
    code_uri: str
    handler: str
    timeout_s: int
    memory_mb: int
    #: Folders Lambda would mount under /opt for the function's layers (``<ContentUri>/python``).
    layer_dirs: tuple[str, ...]
    environment: dict[str, str] = field(default_factory=dict)
    #: Environment variables left out because they only have a value in AWS: name -> why.
    dropped_environment: dict[str, str] = field(default_factory=dict)


def _environment_value(value: Any) -> str:
    # CloudFormation hands every environment value to Lambda as a string.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _function_environment(
    template: Template, own: dict[str, Any], local: LocalValues | None
) -> tuple[dict[str, str], dict[str, str]]:
    global_vars = ((template.get("Globals") or {}).get("Function") or {}).get("Environment") or {}
    merged = dict(global_vars.get("Variables") or {})
    merged.update((own.get("Environment") or {}).get("Variables") or {})
    environment: dict[str, str] = {}
    dropped: dict[str, str] = {}
    for name, value in merged.items():
        try:
            environment[name] = _environment_value(resolve(template, value, local))
        except Unresolvable as why:
            dropped[name] = f"{_describe(value)}: {why}"
    return environment, dropped


def _layer_dirs(template: Template, layers: list[Any]) -> tuple[str, ...]:
    dirs = []
    for layer in layers:
        logical_id = layer.get("Ref") if isinstance(layer, dict) else None
        resource = template["Resources"].get(logical_id) if logical_id else None
        if resource is None or resource.get("Type") not in LAYER_TYPES:
            continue  # a published layer's ARN: nothing local to mount
        content_uri = (resource.get("Properties") or {}).get("ContentUri")
        if isinstance(content_uri, str):
            # Lambda puts a Python layer's "python" folder (/opt/python) on sys.path.
            dirs.append(f"{content_uri.rstrip('/')}/python")
    return tuple(dirs)


def list_functions(template: Template, local: LocalValues | None = None) -> dict[str, FunctionSpec]:
    """Every AWS::Serverless::Function, by logical id, with Globals.Function applied.

    Environment values resolve with ``local`` (queue URLs, key ARNs) when given; a value that
    cannot be resolved is left out and listed in ``dropped_environment``.
    """
    global_props = (template.get("Globals") or {}).get("Function") or {}
    functions = {}
    for logical_id in resources_of_type(template, FUNCTION_TYPE):
        props = _properties(template, logical_id)

        def setting(name: str, default: Any = None, props: dict[str, Any] = props) -> Any:
            return props.get(name, global_props.get(name, default))

        code_uri, handler = setting("CodeUri"), setting("Handler")
        if not isinstance(code_uri, str) or not isinstance(handler, str):
            raise TemplateError(
                f"{logical_id}: the local stack needs a local CodeUri folder and a Handler "
                f"(got CodeUri={code_uri!r}, Handler={handler!r})"
            )
        environment, dropped = _function_environment(template, props, local)
        # SAM adds a function's own Layers after the global ones.
        layers = list(global_props.get("Layers") or []) + list(props.get("Layers") or [])
        functions[logical_id] = FunctionSpec(
            logical_id=logical_id,
            code_uri=code_uri,
            handler=handler,
            timeout_s=int(setting("Timeout", DEFAULT_TIMEOUT_S)),
            memory_mb=int(setting("MemorySize", DEFAULT_MEMORY_MB)),
            layer_dirs=_layer_dirs(template, layers),
            environment=environment,
            dropped_environment=dropped,
        )
    return functions


def _events(template: Template, function_id: str, *types: str) -> list[tuple[str, dict[str, Any]]]:
    events = _properties(template, function_id).get("Events") or {}
    return [(name, event.get("Properties") or {}) for name, event in events.items() if event.get("Type") in types]


# --- API routes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One Api event: ``method`` is upper case (or ANY); ``path`` is API Gateway's resource path."""

    method: str
    path: str
    auth: str
    function_id: str
    event_name: str
    stage: str


def _api_properties(template: Template, api_id: str) -> dict[str, Any]:
    """An API's properties with Globals.Api under them, as SAM applies them."""
    merged = dict((template.get("Globals") or {}).get("Api") or {})
    if api_id in template["Resources"]:
        merged.update(_properties(template, api_id))
    return merged


def _route_auth(template: Template, api_props: dict[str, Any], event_props: dict[str, Any]) -> str:
    event_auth = event_props.get("Auth") or {}
    if "Authorizer" in event_auth:
        return str(event_auth["Authorizer"])
    return str((api_props.get("Auth") or {}).get("DefaultAuthorizer", "NONE"))


def list_routes(template: Template) -> list[Route]:
    """Every Api event of every function: method, path, auth (NONE or AWS_IAM), function, stage.

    Raises TemplateError for an authorizer the local gateway cannot apply (it would otherwise serve
    the route without the check) and for two events claiming the same method and path.
    """
    routes: list[Route] = []
    seen: dict[tuple[str, str], str] = {}
    for function_id in resources_of_type(template, FUNCTION_TYPE):
        for event_name, props in _events(template, function_id, "Api"):
            where = f"{function_id}.Events.{event_name}"
            rest_api = props.get("RestApiId", {"Ref": IMPLICIT_API_ID})
            api_id = rest_api.get("Ref") if isinstance(rest_api, dict) else None
            if not api_id:
                raise TemplateError(f"{where}: RestApiId must be a !Ref to an API in the template")
            api_props = _api_properties(template, api_id)
            route = Route(
                method=str(props["Method"]).upper(),
                path=str(props["Path"]),
                auth=_route_auth(template, api_props, props),
                function_id=function_id,
                event_name=event_name,
                stage=str(resolve(template, api_props.get("StageName", IMPLICIT_API_STAGE))),
            )
            if route.auth not in SUPPORTED_AUTH:
                raise TemplateError(
                    f"{where} ({route.method} {route.path}) uses the authorizer {route.auth!r}; "
                    f"the local gateway only applies {' and '.join(SUPPORTED_AUTH)}"
                )
            key = (route.method, route.path)
            if key in seen:
                raise TemplateError(f"{where} and {seen[key]} both claim {route.method} {route.path}")
            seen[key] = where
            routes.append(route)
    return routes


# --- Schedules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleEvent:
    """One Schedule/ScheduleV2 event; ``expression`` is cron(...) or rate(...)."""

    function_id: str
    event_name: str
    expression: str
    timezone: str
    enabled: bool

    @property
    def name(self) -> str:
        """``<function logical id>.<event name>``, the name the scheduler reports."""
        return f"{self.function_id}.{self.event_name}"


def list_schedules(template: Template) -> list[ScheduleEvent]:
    """Every Schedule (EventBridge rule) and ScheduleV2 (EventBridge Scheduler) event."""
    schedules = []
    for function_id in resources_of_type(template, FUNCTION_TYPE):
        for event_name, props in _events(template, function_id, "Schedule", "ScheduleV2"):
            # ScheduleV2 says ScheduleExpression and State; Schedule says Schedule and Enabled.
            expression = props.get("ScheduleExpression", props.get("Schedule"))
            if not isinstance(expression, str):
                raise TemplateError(f"{function_id}.Events.{event_name}: no schedule expression")
            enabled = props.get("State", "ENABLED") != "DISABLED" and props.get("Enabled", True)
            schedules.append(
                ScheduleEvent(
                    function_id=function_id,
                    event_name=event_name,
                    expression=expression.strip(),
                    timezone=str(props.get("ScheduleExpressionTimezone", "UTC")),
                    enabled=bool(enabled),
                )
            )
    return schedules


# --- SQS event sources --------------------------------------------------------------------------

#: SAM's default BatchSize for SQS events.
DEFAULT_SQS_BATCH_SIZE = 10


@dataclass(frozen=True)
class QueueEvent:
    """One SQS event of a function: the event source mapping Lambda polls the queue with."""

    function_id: str
    event_name: str
    #: The queue's ARN, as the template gives it (``!GetAtt ScanEventsQueue.Arn``, resolved).
    queue_arn: str
    batch_size: int
    #: FunctionResponseTypes has ReportBatchItemFailures: the response lists the failed messages.
    report_batch_item_failures: bool
    enabled: bool
    #: Properties the local poller does not apply (FilterCriteria, ...): name -> why it matters.
    ignored: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """``<function logical id>.<event name>``, the name the poller reports."""
        return f"{self.function_id}.{self.event_name}"


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
    for function_id in resources_of_type(template, FUNCTION_TYPE):
        for event_name, props in _events(template, function_id, "SQS"):
            where = f"{function_id}.Events.{event_name}"
            try:
                queue_arn = str(resolve(template, props.get("Queue"), local))
            except Unresolvable as why:
                raise TemplateError(f"{where}: cannot resolve its Queue locally ({why})") from None
            if not queue_arn.startswith("arn:aws:sqs:"):
                raise TemplateError(f"{where}: Queue must be a queue ARN (!GetAtt Queue.Arn), got {queue_arn!r}")
            response_types = resolve(template, props.get("FunctionResponseTypes") or [], local)
            events.append(
                QueueEvent(
                    function_id=function_id,
                    event_name=event_name,
                    queue_arn=queue_arn,
                    batch_size=int(resolve(template, props.get("BatchSize", DEFAULT_SQS_BATCH_SIZE), local)),
                    report_batch_item_failures="ReportBatchItemFailures" in response_types,
                    enabled=bool(resolve(template, props.get("Enabled", True), local)),
                    ignored={name: why for name, why in _IGNORED_SQS_PROPERTIES.items() if name in props},
                )
            )
    return events


# --- DynamoDB stream event sources -------------------------------------------------------------

#: SAM's default BatchSize for DynamoDB events.
DEFAULT_STREAM_BATCH_SIZE = 100


@dataclass(frozen=True)
class StreamEvent:
    """One DynamoDB event of a function: the event source mapping Lambda reads the table's stream with."""

    function_id: str
    event_name: str
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

    @property
    def name(self) -> str:
        """``<function logical id>.<event name>``, the name the poller reports."""
        return f"{self.function_id}.{self.event_name}"


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
    if not _properties(template, argument[0]).get("StreamSpecification"):
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
    for function_id in resources_of_type(template, FUNCTION_TYPE):
        for event_name, props in _events(template, function_id, "DynamoDB"):
            where = f"{function_id}.Events.{event_name}"
            table_id = _stream_table(template, props.get("Stream"), where)
            ignored = {name: why for name, why in _IGNORED_STREAM_PROPERTIES.items() if name in props}
            destination = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
            on_failure = str(resolve(template, destination, local)) if destination else None
            if on_failure and not on_failure.startswith("arn:aws:sqs:"):
                ignored["DestinationConfig"] = f"only an SQS queue receives failed batches locally, not {on_failure}"
                on_failure = None
            retries = int(resolve(template, props.get("MaximumRetryAttempts", -1), local))
            response_types = resolve(template, props.get("FunctionResponseTypes") or [], local)
            events.append(
                StreamEvent(
                    function_id=function_id,
                    event_name=event_name,
                    table_logical_id=table_id,
                    table_name=local_resource_name(template, table_id),
                    starting_position=str(resolve(template, props.get("StartingPosition", "LATEST"), local)),
                    batch_size=int(resolve(template, props.get("BatchSize", DEFAULT_STREAM_BATCH_SIZE), local)),
                    report_batch_item_failures="ReportBatchItemFailures" in response_types,
                    bisect_on_error=bool(resolve(template, props.get("BisectBatchOnFunctionError", False), local)),
                    maximum_retry_attempts=None if retries < 0 else retries,
                    filters=_filter_patterns(template, props, where),
                    on_failure_arn=on_failure,
                    enabled=bool(resolve(template, props.get("Enabled", True), local)),
                    ignored=ignored,
                )
            )
    return events


# --- Tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provisioned:
    """The outcome of creating one resource of the template locally."""

    name: str
    created: bool
    #: For a resource that already existed: how it differs from the template.
    differences: tuple[str, ...] = ()
    logical_id: str = ""
    #: True when the resource was deliberately not created locally (see ``notes``).
    skipped: bool = False
    #: What was left out or changed locally, and why.
    notes: tuple[str, ...] = ()


_INDEX_KEYS = ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")


def create_table_request(template: Template, logical_id: str) -> dict[str, Any]:
    """The CreateTable arguments for one AWS::DynamoDB::Table, from its own Properties."""
    props = _properties(template, logical_id)

    def part(name: str) -> Any:
        return resolve(template, props[name])

    request: dict[str, Any] = {
        "TableName": local_resource_name(template, logical_id),
        "KeySchema": part("KeySchema"),
        "AttributeDefinitions": part("AttributeDefinitions"),
        "BillingMode": props.get("BillingMode", "PROVISIONED"),
    }
    if request["BillingMode"] == "PROVISIONED":
        request["ProvisionedThroughput"] = part("ProvisionedThroughput")
    for index_kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if props.get(index_kind):
            # Keep what CreateTable accepts; properties such as ContributorInsights are AWS-only.
            request[index_kind] = [
                {key: value for key, value in index.items() if key in _INDEX_KEYS} for index in part(index_kind)
            ]
    stream = props.get("StreamSpecification")
    if stream:
        request["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": resolve(template, stream["StreamViewType"]),
        }
    return request


def _table_differences(existing: dict[str, Any], request: dict[str, Any]) -> tuple[str, ...]:
    differences = []
    if existing["KeySchema"] != request["KeySchema"]:
        differences.append("key schema")
    have = {index["IndexName"] for index in existing.get("GlobalSecondaryIndexes", [])}
    want = {index["IndexName"] for index in request.get("GlobalSecondaryIndexes", [])}
    differences += [f"missing index {name}" for name in sorted(want - have)]
    differences += [f"extra index {name}" for name in sorted(have - want)]
    return tuple(differences)


def _enable_stream(dynamodb: Any, existing: dict[str, Any], request: dict[str, Any]) -> tuple[str, ...]:
    """Turn on the stream the template asks for on a table made before it asked (as a stack update
    would): the data stays, the stream starts now."""
    wanted = request.get("StreamSpecification")
    if not wanted or (existing.get("StreamSpecification") or {}).get("StreamEnabled"):
        return ()
    dynamodb.update_table(TableName=request["TableName"], StreamSpecification=wanted)
    return (f"stream enabled ({wanted['StreamViewType']}), as the template now asks",)


def create_tables(dynamodb: Any, template: Template) -> list[Provisioned]:
    """Create every AWS::DynamoDB::Table of the template that does not exist yet.

    Works against DynamoDB Local and moto alike. A table that exists is left as it is (its data
    is the point of a persistent local stack); how it differs from the template is reported.
    """
    results = []
    for logical_id in resources_of_type(template, TABLE_TYPE):
        request = create_table_request(template, logical_id)
        name = request["TableName"]
        try:
            existing = dynamodb.describe_table(TableName=name)["Table"]
        except dynamodb.exceptions.ResourceNotFoundException:
            existing = None
        if existing is not None:
            notes = _enable_stream(dynamodb, existing, request)
            results.append(Provisioned(name, False, _table_differences(existing, request), notes=notes))
            continue
        dynamodb.create_table(**request)
        dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        ttl = _properties(template, logical_id).get("TimeToLiveSpecification") or {}
        if ttl.get("Enabled"):
            dynamodb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={
                    "AttributeName": resolve(template, ttl["AttributeName"]),
                    "Enabled": True,
                },
            )
        results.append(Provisioned(name, True))
    return results
