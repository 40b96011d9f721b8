"""Create the template's KMS keys, SQS queues and S3 buckets (and their policies) in moto's server,
and verify the notifications' e-mail sender in moto's SES.

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

import json
import re
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from antrean_local.template import (
    BUCKET_POLICY_TYPE,
    BUCKET_TYPE,
    KMS_KEY_TYPE,
    LOCAL_STACK_NAME,
    QUEUE_POLICY_TYPE,
    QUEUE_TYPE,
    SECRET_TYPE,
    LocalValues,
    Provisioned,
    Template,
    TemplateError,
    Unresolvable,
    local_resource_name,
    resolve,
)

#: Makes a boto3 client for a service name ("s3", "sqs", "kms"), pointed at moto.
ClientFactory = Callable[[str], Any]


class _Properties:
    """One resource's Properties, resolved one at a time: what cannot be resolved becomes a note."""

    def __init__(self, template: Template, logical_id: str, local: LocalValues) -> None:
        self.template = template
        self.local = local
        self.raw: dict[str, Any] = template["Resources"][logical_id].get("Properties") or {}
        self.notes: list[str] = []

    def get(self, name: str, default: Any = None) -> Any:
        if name not in self.raw:
            return default
        try:
            return resolve(self.template, self.raw[name], self.local)
        except Unresolvable as why:
            self.notes.append(f"{name} left out: {why}")
            return default

    def leave_out(self, names: set[str], why: str) -> None:
        """Note the properties the local stack does not apply."""
        self.notes += [f"{name} left out: {why}" for name in sorted(names & set(self.raw))]

    def unknown(self, handled: set[str]) -> None:
        """Note the properties this module does not know at all."""
        self.leave_out(set(self.raw) - handled, "not applied by the local stack")


# --- KMS keys -------------------------------------------------------------------------------------

_KEY_PROPERTIES = {
    "Description",
    "KeyUsage",
    "KeySpec",
    "MultiRegion",
    "KeyPolicy",
    "Tags",
    "EnableKeyRotation",
    "Enabled",
}
_KEY_AWS_ONLY = {"PendingWindowInDays", "RotationPeriodInDays", "Origin", "BypassPolicyLockoutSafetyCheck"}


def key_alias(logical_id: str) -> str:
    """The alias a template key has locally: how a second run finds the key it made before."""
    return f"alias/{LOCAL_STACK_NAME}/{logical_id}"


def _create_key(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    kms = client("kms")
    props = _Properties(template, logical_id, local)
    alias = key_alias(logical_id)
    try:
        metadata = kms.describe_key(KeyId=alias)["KeyMetadata"]
        created = False
    except kms.exceptions.NotFoundException:
        request: dict[str, Any] = {
            "Description": props.get("Description", ""),
            "KeyUsage": props.get("KeyUsage", "ENCRYPT_DECRYPT"),
            "KeySpec": props.get("KeySpec", "SYMMETRIC_DEFAULT"),
            "MultiRegion": bool(props.get("MultiRegion", False)),
        }
        policy = props.get("KeyPolicy")
        if policy:
            request["Policy"] = policy if isinstance(policy, str) else json.dumps(policy)
        tags = props.get("Tags")
        if tags:
            request["Tags"] = [{"TagKey": tag["Key"], "TagValue": tag["Value"]} for tag in tags]
        metadata = kms.create_key(**request)["KeyMetadata"]
        kms.create_alias(AliasName=alias, TargetKeyId=metadata["KeyId"])
        created = True
    if props.get("EnableKeyRotation"):
        kms.enable_key_rotation(KeyId=metadata["KeyId"])
    if props.get("Enabled") is False:
        kms.disable_key(KeyId=metadata["KeyId"])
    props.leave_out(_KEY_AWS_ONLY, "no local meaning")
    props.unknown(_KEY_PROPERTIES | _KEY_AWS_ONLY)
    local.resources[logical_id] = {"Ref": metadata["KeyId"], "KeyId": metadata["KeyId"], "Arn": metadata["Arn"]}
    return Provisioned(alias, created, logical_id=logical_id, notes=tuple(props.notes))


# --- SQS queues -----------------------------------------------------------------------------------

# CloudFormation's queue properties that are SQS queue attributes of the same name.
_QUEUE_ATTRIBUTES = {
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoQueue",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "RedriveAllowPolicy",
    "RedrivePolicy",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
}


def _attribute_value(value: Any) -> str:
    # SQS attributes are strings: booleans in lower case, policies as JSON.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _queue_url(sqs: Any, name: str) -> str | None:
    try:
        return str(sqs.get_queue_url(QueueName=name)["QueueUrl"])
    except ClientError as error:
        if error.response["Error"]["Code"] in ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"):
            return None
        raise


def _create_queue(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    sqs = client("sqs")
    props = _Properties(template, logical_id, local)
    name = local_resource_name(template, logical_id)
    attributes = {
        attribute: _attribute_value(value)
        for attribute in sorted(_QUEUE_ATTRIBUTES & set(props.raw))
        if (value := props.get(attribute)) is not None
    }
    url = _queue_url(sqs, name)
    created = url is None
    if url is None:
        tags = {tag["Key"]: tag["Value"] for tag in props.get("Tags") or []}
        url = sqs.create_queue(QueueName=name, Attributes=attributes, tags=tags)["QueueUrl"]
    else:
        # FifoQueue cannot change after creation; the rest is applied again, as a stack update would.
        changeable = {key: value for key, value in attributes.items() if key != "FifoQueue"}
        if changeable:
            sqs.set_queue_attributes(QueueUrl=url, Attributes=changeable)
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    props.unknown(_QUEUE_ATTRIBUTES | {"QueueName", "Tags"})
    local.resources[logical_id] = {"Ref": url, "QueueUrl": url, "Arn": arn, "QueueName": name}
    return Provisioned(name, created, logical_id=logical_id, notes=tuple(props.notes))


def _apply_queue_policy(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    sqs = client("sqs")
    props = _Properties(template, logical_id, local)
    queues = props.get("Queues") or []
    document = props.get("PolicyDocument")
    if not queues or document is None:
        notes = (*props.notes, "no Queues or PolicyDocument to apply")
        return Provisioned(logical_id, False, logical_id=logical_id, skipped=True, notes=notes)
    policy = document if isinstance(document, str) else json.dumps(document)
    for url in queues:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})
    names = ", ".join(str(url).rsplit("/", 1)[-1] for url in queues)
    return Provisioned(f"policy of {names}", True, logical_id=logical_id, notes=tuple(props.notes))


# --- S3 buckets -----------------------------------------------------------------------------------

# CloudFormation's CorsRules property names -> S3 PutBucketCors's.
_CORS_RULE_KEYS = {
    "AllowedHeaders": "AllowedHeaders",
    "AllowedMethods": "AllowedMethods",
    "AllowedOrigins": "AllowedOrigins",
    "ExposedHeaders": "ExposeHeaders",
    "Id": "ID",
    "MaxAge": "MaxAgeSeconds",
}


def cors_rules(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CloudFormation's CorsRules as PutBucketCors takes them."""
    return [{_CORS_RULE_KEYS[key]: value for key, value in rule.items() if key in _CORS_RULE_KEYS} for rule in rules]


def encryption_rules(configuration: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CloudFormation's ServerSideEncryptionConfiguration as PutBucketEncryption's Rules."""
    rules = []
    for rule in configuration:
        converted: dict[str, Any] = {}
        if "ServerSideEncryptionByDefault" in rule:
            converted["ApplyServerSideEncryptionByDefault"] = rule["ServerSideEncryptionByDefault"]
        if "BucketKeyEnabled" in rule:
            converted["BucketKeyEnabled"] = bool(rule["BucketKeyEnabled"])
        rules.append(converted)
    return rules


_LIFECYCLE_RULE_KEYS = {
    "Id",
    "Status",
    "Prefix",
    "ExpirationInDays",
    "ExpirationDate",
    "AbortIncompleteMultipartUpload",
    "NoncurrentVersionExpirationInDays",
}


def lifecycle_rules(rules: list[dict[str, Any]], notes: list[str]) -> list[dict[str, Any]]:
    """CloudFormation's LifecycleConfiguration.Rules as PutBucketLifecycleConfiguration's."""
    converted = []
    for rule in rules:
        api: dict[str, Any] = {"Status": rule["Status"], "Filter": {"Prefix": rule.get("Prefix", "")}}
        if "Id" in rule:
            api["ID"] = rule["Id"]
        if "ExpirationInDays" in rule:
            api["Expiration"] = {"Days": int(rule["ExpirationInDays"])}
        elif "ExpirationDate" in rule:
            api["Expiration"] = {"Date": rule["ExpirationDate"]}
        if "AbortIncompleteMultipartUpload" in rule:
            days = int(rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"])
            api["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": days}
        if "NoncurrentVersionExpirationInDays" in rule:
            api["NoncurrentVersionExpiration"] = {"NoncurrentDays": int(rule["NoncurrentVersionExpirationInDays"])}
        for key in sorted(set(rule) - _LIFECYCLE_RULE_KEYS):
            notes.append(f"LifecycleConfiguration rule {rule.get('Id', '?')}: {key} left out")
        converted.append(api)
    return converted


def notification_configuration(configuration: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """CloudFormation's NotificationConfiguration as PutBucketNotificationConfiguration's.

    Only queue notifications are kept: nothing local would receive a topic's or a function's.
    """
    queues = []
    for entry in configuration.get("QueueConfigurations") or []:
        queue: dict[str, Any] = {"QueueArn": entry["Queue"], "Events": [entry["Event"]]}
        rules = ((entry.get("Filter") or {}).get("S3Key") or {}).get("Rules")
        if rules:
            queue["Filter"] = {"Key": {"FilterRules": [{"Name": r["Name"], "Value": r["Value"]} for r in rules]}}
        queues.append(queue)
    for kind in sorted(set(configuration) - {"QueueConfigurations"}):
        notes.append(f"NotificationConfiguration.{kind} left out: only queue notifications are delivered locally")
    return {"QueueConfigurations": queues} if queues else {}


def _bucket_exists(s3: Any, name: str) -> bool:
    try:
        s3.head_bucket(Bucket=name)
    except ClientError as error:
        if error.response["Error"]["Code"] in ("404", "NoSuchBucket", "NotFound"):
            return False
        raise
    return True


def _same_notifications(s3: Any, name: str, wanted: dict[str, Any]) -> bool:
    current = s3.get_bucket_notification_configuration(Bucket=name)

    def summary(configuration: dict[str, Any]) -> list[tuple[str, tuple[str, ...], str]]:
        return sorted(
            (q["QueueArn"], tuple(q["Events"]), json.dumps(q.get("Filter"), sort_keys=True))
            for q in configuration.get("QueueConfigurations", [])
        )

    return summary(current) == summary(wanted)


_BUCKET_PROPERTIES = {
    "BucketName",
    "BucketEncryption",
    "PublicAccessBlockConfiguration",
    "OwnershipControls",
    "CorsConfiguration",
    "LifecycleConfiguration",
    "NotificationConfiguration",
    "VersioningConfiguration",
    "Tags",
}


def _create_bucket(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    s3 = client("s3")
    props = _Properties(template, logical_id, local)
    name = local_resource_name(template, logical_id)
    created = not _bucket_exists(s3, name)
    if created:
        region = s3.meta.region_name
        if region == "us-east-1":  # the one region S3 refuses a LocationConstraint for
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    # Every put below replaces the bucket's setting: applying them again to an existing bucket is safe.
    encryption = props.get("BucketEncryption")
    if encryption:
        rules = encryption_rules(encryption["ServerSideEncryptionConfiguration"])
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})
    public_access = props.get("PublicAccessBlockConfiguration")
    if public_access:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=public_access)
    ownership = props.get("OwnershipControls")
    if ownership:
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": ownership["Rules"]})
    cors = props.get("CorsConfiguration")
    if cors:
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": cors_rules(cors["CorsRules"])})
    lifecycle = props.get("LifecycleConfiguration")
    if lifecycle:
        rules = lifecycle_rules(lifecycle["Rules"], props.notes)
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": rules})
    versioning = props.get("VersioningConfiguration")
    if versioning:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": versioning["Status"]})
    tags = props.get("Tags")
    if tags:
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": t["Key"], "Value": t["Value"]} for t in tags]})
    notifications = props.get("NotificationConfiguration")
    if notifications:
        wanted = notification_configuration(notifications, props.notes)
        # S3 sends an s3:TestEvent to each queue whenever the configuration is put: only when it changed.
        if wanted and not _same_notifications(s3, name, wanted):
            s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration=wanted)
    props.unknown(_BUCKET_PROPERTIES)
    local.resources[logical_id] = {"Ref": name, "Arn": f"arn:aws:s3:::{name}"}
    return Provisioned(name, created, logical_id=logical_id, notes=tuple(props.notes))


def _skip_bucket_policy(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    props = _Properties(template, logical_id, local)
    bucket = props.get("Bucket", logical_id)
    why = (
        "not applied locally: moto enforces bucket policies on object requests but ignores their "
        "Condition blocks, so a conditional Deny (such as TLS-only, aws:SecureTransport) would refuse "
        "every upload and read over the stack's plain HTTP"
    )
    return Provisioned(str(bucket), False, logical_id=logical_id, skipped=True, notes=(why,))


# --- SES: the sender of citizens' e-mails ------------------------------------------------------------

#: template.yaml's parameter naming the From address of citizens' e-mails.
SES_SENDER_PARAMETER = "NotificationSender"


def verify_email_sender(client: ClientFactory, template: Template, local: LocalValues) -> Provisioned | None:
    """Verify the e-mail sender in moto's SES, which (like SES) refuses to send from an unverified
    address. In AWS the operator verifies it once (and its domain's DKIM records); moto verifies at
    once, without a confirmation e-mail."""
    if SES_SENDER_PARAMETER not in (template.get("Parameters") or {}):
        return None
    address = str(resolve(template, {"Ref": SES_SENDER_PARAMETER}, local))
    ses = client("ses")
    if address in ses.list_identities(IdentityType="EmailAddress")["Identities"]:
        return Provisioned(address, False, logical_id=SES_SENDER_PARAMETER)
    ses.verify_email_identity(EmailAddress=address)
    return Provisioned(address, True, logical_id=SES_SENDER_PARAMETER, notes=("SES identity, verified at once",))


# --- Secrets Manager secrets ---------------------------------------------------------------------

_SECRET_PROPERTIES = {"Description", "Name", "GenerateSecretString", "SecretString", "KmsKeyId", "Tags"}
_SECRET_AWS_ONLY = {"KmsKeyId", "Tags", "ReplicaRegions"}


def local_secret_value(logical_id: str) -> str:
    """A generated secret's local value: fixed, so that what was stored with it (the pseudonyms of
    NIKs in DynamoDB Local's data) is found again after a restart. Not a secret: local only."""
    return f"antrean-local-{logical_id}-not-a-secret"


def _create_secret(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    secrets = client("secretsmanager")
    props = _Properties(template, logical_id, local)
    name = local_resource_name(template, logical_id)
    try:
        arn = secrets.describe_secret(SecretId=name)["ARN"]
        created = False
    except secrets.exceptions.ResourceNotFoundException:
        value = props.get("SecretString") or local_secret_value(logical_id)
        arn = secrets.create_secret(Name=name, Description=props.get("Description", ""), SecretString=value)["ARN"]
        created = True
    props.leave_out(_SECRET_AWS_ONLY, "no local meaning")
    if "GenerateSecretString" in props.raw:
        props.notes.append("GenerateSecretString replaced by a fixed local value")
    props.unknown(_SECRET_PROPERTIES | _SECRET_AWS_ONLY)
    local.resources[logical_id] = {"Ref": name, "Id": arn}
    return Provisioned(name, created, logical_id=logical_id, notes=tuple(props.notes))


# --- All of them, in order ------------------------------------------------------------------------

_CREATORS: dict[str, Callable[[ClientFactory, Template, str, LocalValues], Provisioned]] = {
    KMS_KEY_TYPE: _create_key,
    QUEUE_TYPE: _create_queue,
    QUEUE_POLICY_TYPE: _apply_queue_policy,
    BUCKET_TYPE: _create_bucket,
    BUCKET_POLICY_TYPE: _skip_bucket_policy,
    SECRET_TYPE: _create_secret,
}


_SUB_VARIABLE = re.compile(r"\$\{([^}]+)\}")


def _references(value: Any) -> set[str]:
    """The logical ids (and parameter names) an intrinsic-laden value refers to."""
    if isinstance(value, list):
        return set().union(*(_references(item) for item in value)) if value else set()
    if not isinstance(value, dict):
        return set()
    if len(value) == 1:
        ((key, argument),) = value.items()
        if key == "Ref" and isinstance(argument, str):
            return {argument}
        if key == "Fn::GetAtt":
            return {argument.split(".", 1)[0] if isinstance(argument, str) else str(argument[0])}
        if key == "Fn::Sub":
            text, variables = (argument[0], argument[1]) if isinstance(argument, list) else (argument, {})
            names = {name.split(".", 1)[0] for name in _SUB_VARIABLE.findall(text) if not name.startswith("!")}
            return (names - set(variables)) | _references(list(variables.values()))
    return _references(list(value.values()))


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
        needs[logical_id] = (_references(resource.get("Properties") or {}) | set(depends_on)) & set(ours)
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
