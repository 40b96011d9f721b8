"""Create the template's KMS keys, SQS queues, S3 buckets (and their policies), secrets and
Cognito pools in moto's server, record its IAM roles, and verify the notifications' e-mail sender in moto's SES.

Each comes from its own definition in template.yaml, in dependency order (a dead-letter queue
before the queue that redrives to it, the key and the queue before the bucket that uses them).
What each one is known by afterwards (a key's ARN, a queue's URL) is recorded in
:class:`LocalValues`, so that ``!GetAtt ScansKey.Arn`` in the bucket's encryption and
``!Ref ScanEventsQueue`` in a function's environment resolve to the local ones.

Running it twice changes nothing: an existing key (found by its alias), queue or bucket is kept
and its configuration applied again. Whatever moto cannot do, or would do wrongly, is left out
and said in the outcome's ``notes``.
"""

from __future__ import annotations

from collections.abc import Callable

from antrean_local.clients import ClientFactory
from antrean_local.resources.buckets import create_bucket, skip_bucket_policy
from antrean_local.resources.email_sender import verify_email_sender
from antrean_local.resources.keys import create_key
from antrean_local.resources.provisioned import Provisioned
from antrean_local.resources.queues import apply_queue_policy, create_queue
from antrean_local.resources.secrets_manager import create_secret
from antrean_local.resources.user_pools import (
    create_identity_pool,
    create_user_pool,
    create_user_pool_client,
    record_role,
    skip_identity_pool_roles,
)
from antrean_local.template import (
    BUCKET_POLICY_TYPE,
    BUCKET_TYPE,
    IDENTITY_POOL_ROLES_TYPE,
    IDENTITY_POOL_TYPE,
    KMS_KEY_TYPE,
    QUEUE_POLICY_TYPE,
    QUEUE_TYPE,
    ROLE_TYPE,
    SECRET_TYPE,
    USER_POOL_CLIENT_TYPE,
    USER_POOL_TYPE,
    LocalValues,
    Template,
    TemplateError,
)
from antrean_local.template.intrinsics import references

_CREATORS: dict[str, Callable[[ClientFactory, Template, str, LocalValues], Provisioned]] = {
    KMS_KEY_TYPE: create_key,
    QUEUE_TYPE: create_queue,
    QUEUE_POLICY_TYPE: apply_queue_policy,
    BUCKET_TYPE: create_bucket,
    BUCKET_POLICY_TYPE: skip_bucket_policy,
    SECRET_TYPE: create_secret,
    USER_POOL_TYPE: create_user_pool,
    USER_POOL_CLIENT_TYPE: create_user_pool_client,
    IDENTITY_POOL_TYPE: create_identity_pool,
    ROLE_TYPE: record_role,
    IDENTITY_POOL_ROLES_TYPE: skip_identity_pool_roles,
}


def creation_order(template: Template) -> list[str]:
    """The logical ids of the resources this module creates, each after those it refers to.

    Dependencies are the Ref/GetAtt/Sub references in Properties and DependsOn, as CloudFormation
    orders a stack; ties keep template order.
    """
    resources = template["Resources"]
    ours = [logical_id for logical_id, resource in resources.items() if resource.get("Type") in _CREATORS]
    needs: dict[str, set[str]] = {}
    for logical_id in ours:
        resource = resources[logical_id]
        depends_on = resource.get("DependsOn") or []
        depends_on = [depends_on] if isinstance(depends_on, str) else depends_on
        needs[logical_id] = (references(resource.get("Properties") or {}) | set(depends_on)) & set(ours)
    order: list[str] = []
    while len(order) < len(ours):
        ready = [lid for lid in ours if lid not in order and needs[lid] <= set(order)]
        if not ready:
            cycle = sorted(set(ours) - set(order))
            raise TemplateError(f"circular references between {', '.join(cycle)}")
        order.append(ready[0])
    return order


def create_moto_resources(client: ClientFactory, template: Template, local: LocalValues) -> list[Provisioned]:
    """Create (or find again) every KMS key, SQS queue, S3 bucket and secret of the template, with their
    policies where moto can apply them, recording in ``local`` what each is known by; and the
    verified SES identity the notifications send from."""
    outcomes = [
        _CREATORS[template["Resources"][logical_id]["Type"]](client, template, logical_id, local)
        for logical_id in creation_order(template)
    ]
    sender = verify_email_sender(client, template, local)
    return [*outcomes, sender] if sender else outcomes
