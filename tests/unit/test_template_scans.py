"""The scans bucket's protections stay in template.yaml: ID scans are personal data (UU PDP)."""

from __future__ import annotations

from pathlib import Path

from antrean_local.template import load_template

TEMPLATE = load_template(Path(__file__).resolve().parents[2] / "template.yaml")
RESOURCES = TEMPLATE["Resources"]
BUCKET = RESOURCES["ScansBucket"]["Properties"]


def test_the_bucket_is_private_and_encrypted_with_its_own_key() -> None:
    assert set(BUCKET["PublicAccessBlockConfiguration"].values()) == {True}
    rule = BUCKET["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert rule["SSEAlgorithm"] == "aws:kms"
    assert rule["KMSMasterKeyID"] == {"Fn::GetAtt": ["ScansKey", "Arn"]}
    assert RESOURCES["ScansKey"]["Properties"]["EnableKeyRotation"] is True


def test_the_bucket_refuses_plain_http() -> None:
    [statement] = RESOURCES["ScansBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": False}}


def test_cors_allows_the_web_form_origin_only_and_scans_expire() -> None:
    [cors] = BUCKET["CorsConfiguration"]["CorsRules"]
    assert cors["AllowedOrigins"] == [{"Ref": "WebOrigin"}]
    assert cors["AllowedMethods"] == ["POST"]
    [expiry] = BUCKET["LifecycleConfiguration"]["Rules"]
    assert expiry["ExpirationInDays"] == {"Ref": "ScanRetentionDays"}
    assert TEMPLATE["Parameters"]["ScanRetentionDays"]["Default"] == 90


def test_upload_events_go_through_a_queue_with_a_dead_letter_queue() -> None:
    [notification] = BUCKET["NotificationConfiguration"]["QueueConfigurations"]
    assert notification["Queue"] == {"Fn::GetAtt": ["ScanEventsQueue", "Arn"]}
    redrive = RESOURCES["ScanEventsQueue"]["Properties"]["RedrivePolicy"]
    assert redrive["deadLetterTargetArn"] == {"Fn::GetAtt": ["ScanEventsDeadLetterQueue", "Arn"]}
    event = RESOURCES["ScanIntakeFunction"]["Properties"]["Events"]["ScanEvents"]["Properties"]
    assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
