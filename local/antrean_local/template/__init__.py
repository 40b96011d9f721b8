"""Read template.yaml for the local stack: functions, API routes, schedules, queue and stream events.

The template stays the single source of truth: the gateway, the workers, the scheduler and the
pollers are configured from what this package reads, never from a second list kept by hand.

- ``document``: the resource types, loading the YAML (short tags kept as long-form intrinsics);
- ``intrinsics``: what ``!Ref``, ``!GetAtt``, ``!Sub`` and ``!Join`` resolve to locally;
- ``functions``, ``routes``, ``schedules``, ``mappings``: what each function is and what invokes it.

The resources themselves (tables, keys, queues, buckets, secrets) are made by
:mod:`antrean_local.resources`.
"""

from __future__ import annotations

from antrean_local.template.document import (
    BUCKET_POLICY_TYPE,
    BUCKET_TYPE,
    FUNCTION_TYPE,
    IDENTITY_POOL_ROLES_TYPE,
    IDENTITY_POOL_TYPE,
    KMS_KEY_TYPE,
    LAYER_TYPES,
    QUEUE_POLICY_TYPE,
    QUEUE_TYPE,
    ROLE_TYPE,
    SECRET_TYPE,
    TABLE_TYPE,
    USER_POOL_CLIENT_TYPE,
    USER_POOL_TYPE,
    Template,
    TemplateError,
    Unresolvable,
    load_template,
    resources_of_type,
)
from antrean_local.template.functions import FunctionSpec, list_functions
from antrean_local.template.intrinsics import (
    LOCAL_ACCOUNT_ID,
    LOCAL_STACK_NAME,
    LocalValues,
    local_resource_name,
    resolve,
)
from antrean_local.template.mappings import QueueEvent, StreamEvent, list_queue_events, list_stream_events
from antrean_local.template.routes import Route, list_routes
from antrean_local.template.schedules import ScheduleEvent, list_schedules

__all__ = [
    "BUCKET_POLICY_TYPE",
    "BUCKET_TYPE",
    "FUNCTION_TYPE",
    "IDENTITY_POOL_ROLES_TYPE",
    "IDENTITY_POOL_TYPE",
    "KMS_KEY_TYPE",
    "LAYER_TYPES",
    "LOCAL_ACCOUNT_ID",
    "LOCAL_STACK_NAME",
    "QUEUE_POLICY_TYPE",
    "QUEUE_TYPE",
    "ROLE_TYPE",
    "SECRET_TYPE",
    "TABLE_TYPE",
    "USER_POOL_CLIENT_TYPE",
    "USER_POOL_TYPE",
    "FunctionSpec",
    "LocalValues",
    "QueueEvent",
    "Route",
    "ScheduleEvent",
    "StreamEvent",
    "Template",
    "TemplateError",
    "Unresolvable",
    "list_functions",
    "list_queue_events",
    "list_routes",
    "list_schedules",
    "list_stream_events",
    "load_template",
    "local_resource_name",
    "resolve",
    "resources_of_type",
]
