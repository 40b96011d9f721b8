"""The template's S3 buckets, made in moto's server with their settings; their policies left out."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from antrean_local.clients import ClientFactory
from antrean_local.resources.provisioned import Properties, Provisioned
from antrean_local.template import LocalValues, Template, local_resource_name

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


def create_bucket(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    s3 = client("s3")
    props = Properties(template, logical_id, local)
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


def skip_bucket_policy(client: ClientFactory, template: Template, logical_id: str, local: LocalValues) -> Provisioned:
    props = Properties(template, logical_id, local)
    bucket = props.get("Bucket", logical_id)
    why = (
        "not applied locally: moto enforces bucket policies on object requests but ignores their "
        "Condition blocks, so a conditional Deny (such as TLS-only, aws:SecureTransport) would refuse "
        "every upload and read over the stack's plain HTTP"
    )
    return Provisioned(str(bucket), False, logical_id=logical_id, skipped=True, notes=(why,))
