"""The local stack's reading of template.yaml (routes, auth, schedules, queue events, environment,
tables, keys, queues and buckets) and its schedule arithmetic: what the gateway, workers, scheduler
and queue pollers are configured from."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from botocore.config import Config
from moto import mock_aws

from antrean_local.resources import create_moto_resources, create_tables, creation_order
from antrean_local.scheduler import DailyCron, ScheduleError, Scheduler, parse_schedule, schedule_event
from antrean_local.template import (
    LocalValues,
    ScheduleEvent,
    TemplateError,
    list_functions,
    list_queue_events,
    list_routes,
    list_schedules,
    load_template,
)
from antrean_local.workers import local_aws_environment

ROOT = Path(__file__).resolve().parents[2]
REGION = "ap-southeast-3"


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template(ROOT / "template.yaml")


def inline(text: str, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "template.yaml"
    path.write_text(text)
    return load_template(path)


FUNCTION = """
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/fn
      Handler: app.lambda_handler
      Events:
{events}
"""


# --- Loading and the real template --------------------------------------------------------------


def test_short_tags_become_long_form_intrinsics(tmp_path: Path) -> None:
    loaded = inline(
        """
Resources:
  R:
    Type: Custom::Thing
    Properties:
      A: !Ref Table
      B: !GetAtt Table.Arn
      C: !Sub "${AWS::Region}-x"
      D: !Join ["-", [a, !Ref Table]]
      E: !If [IsProd, 1, 2]
""",
        tmp_path,
    )
    props = loaded["Resources"]["R"]["Properties"]
    assert props == {
        "A": {"Ref": "Table"},
        "B": {"Fn::GetAtt": ["Table", "Arn"]},
        "C": {"Fn::Sub": "${AWS::Region}-x"},
        "D": {"Fn::Join": ["-", ["a", {"Ref": "Table"}]]},
        "E": {"Fn::If": ["IsProd", 1, 2]},
    }


def test_the_loader_stays_safe(tmp_path: Path) -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        inline("Resources: !!python/object/apply:os.system [echo hi]\n", tmp_path)


def test_real_template_public_routes(template: dict[str, Any]) -> None:
    routes = {(r.method, r.path): r for r in list_routes(template)}
    for key in [
        ("GET", "/offices"),
        ("GET", "/offices/{office_id}"),
        ("GET", "/offices/{office_id}/availability"),
        ("POST", "/offices/{office_id}/bookings"),
        ("GET", "/offices/{office_id}/bookings"),
        ("GET", "/bookings/{registration_number}"),
        ("POST", "/bookings/{registration_number}/cancel"),
    ]:
        route = routes[key]
        assert route.function_id == "PublicApiFunction"
        assert route.auth == "NONE"
        assert route.stage == "prod"  # the StageName parameter's Default
    assert all(r.auth in ("NONE", "AWS_IAM") for r in routes.values())


def test_real_template_schedules(template: dict[str, Any]) -> None:
    schedules = {s.name: s for s in list_schedules(template)}
    daily = schedules["OpenDaysFunction.Daily"]
    assert daily.expression == "cron(5 0 * * ? *)"
    assert daily.timezone == "Asia/Jakarta"
    assert daily.enabled
    for schedule in schedules.values():  # every schedule is one the local scheduler can run
        parse_schedule(schedule.expression, schedule.timezone, datetime.now(UTC))


def test_real_template_functions(template: dict[str, Any]) -> None:
    functions = list_functions(template)
    public = functions["PublicApiFunction"]
    assert public.code_uri == "functions/public_api"
    assert public.handler == "app.lambda_handler"
    assert "layers/common/python" in public.layer_dirs
    # Globals merged under the function's own variables; table refs become local table names.
    assert public.environment["TABLE_NAME"] == "Table"
    assert public.environment["IDEMPOTENCY_TABLE_NAME"] == "IdempotencyTable"
    assert public.environment["POWERTOOLS_SERVICE_NAME"] == "public_api"
    assert public.environment["LOG_LEVEL"] == "INFO"
    assert public.dropped_environment == {}
    open_days = functions["OpenDaysFunction"]
    assert open_days.environment["POWERTOOLS_SERVICE_NAME"] == "open_days"
    assert open_days.timeout_s == 900
    assert open_days.memory_mb == 1024
    intake = functions["ScanIntakeFunction"]
    assert intake.environment["SCANS_BUCKET"] == "antrean-local-scansbucket"
    assert intake.dropped_environment == {}


def test_the_functions_citizens_wait_on_run_their_snapstart_hooks_locally(template: dict[str, Any]) -> None:
    functions = list_functions(template)
    assert {name for name, spec in functions.items() if spec.snap_start} == {
        "PublicApiFunction",
        "StaffApiFunction",
        "ScanIntakeFunction",
    }
    # The template's SnapStart parameter turns it off for all three.
    off = list_functions(template, LocalValues(parameters={"SnapStart": "None"}))
    assert not any(spec.snap_start for spec in off.values())


def test_real_template_queue_events(template: dict[str, Any]) -> None:
    (event,) = list_queue_events(template)
    assert event.name == "ScanIntakeFunction.ScanEvents"
    assert event.queue_arn == f"arn:aws:sqs:{REGION}:123456789012:antrean-local-ScanEventsQueue"
    assert event.batch_size == 10
    assert event.report_batch_item_failures
    assert event.enabled
    assert event.ignored == {}


# --- Auth, environment, and mistakes, on small templates ---------------------------------------


def test_auth_comes_from_the_event_or_the_api_default(tmp_path: Path) -> None:
    events = """
        Staff:
          Type: Api
          Properties: {RestApiId: !Ref StaffApi, Path: /staff/queue, Method: get}
        Open:
          Type: Api
          Properties: {RestApiId: !Ref StaffApi, Path: /staff/ping, Method: GET, Auth: {Authorizer: NONE}}
"""
    loaded = inline(
        "Resources:\n"
        "  StaffApi:\n"
        "    Type: AWS::Serverless::Api\n"
        "    Properties: {StageName: v1, Auth: {DefaultAuthorizer: AWS_IAM}}\n" + FUNCTION.format(events=events),
        tmp_path,
    )
    routes = {r.path: r for r in list_routes(loaded)}
    assert routes["/staff/queue"].auth == "AWS_IAM"
    assert routes["/staff/queue"].method == "GET"
    assert routes["/staff/queue"].stage == "v1"
    assert routes["/staff/ping"].auth == "NONE"


def test_an_authorizer_the_gateway_cannot_apply_fails_loudly(tmp_path: Path) -> None:
    events = """
        Me:
          Type: Api
          Properties: {Path: /me, Method: GET, Auth: {Authorizer: MyCognito}}
"""
    loaded = inline("Resources:" + FUNCTION.format(events=events), tmp_path)
    with pytest.raises(TemplateError, match="MyCognito"):
        list_routes(loaded)


def test_two_events_on_one_route_fail_loudly(tmp_path: Path) -> None:
    events = """
        One: {Type: Api, Properties: {Path: /x, Method: GET}}
        Two: {Type: Api, Properties: {Path: /x, Method: get}}
"""
    with pytest.raises(TemplateError, match="both claim GET /x"):
        list_routes(inline("Resources:" + FUNCTION.format(events=events), tmp_path))


def test_environment_resolves_what_it_can_and_says_what_it_drops(tmp_path: Path) -> None:
    loaded = inline(
        """
Parameters:
  Stage: {Type: String, Default: dev}
Globals:
  Function:
    Timeout: 7
    Environment:
      Variables:
        FROM_GLOBALS: "yes"
        OVERRIDDEN: globals
Resources:
  Scans:
    Type: AWS::S3::Bucket
  Queue:
    Type: AWS::SQS::Queue
  Key:
    Type: AWS::KMS::Key
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/fn
      Handler: app.lambda_handler
      Environment:
        Variables:
          OVERRIDDEN: own
          BUCKET: !Ref ScansBucketless
          SCANS: !Ref Scans
          NAME: !Sub "antrean-${Stage}-${AWS::Region}"
          JOINED: !Join [":", [!Ref Stage, x]]
          QUEUE_URL: !Ref Queue
          QUEUE_ARN: !GetAtt Queue.Arn
          KEY_ARN: !GetAtt Key.Arn
          OBJECTS: !Sub "${Scans.Arn}/*"
          FLAG: true
""",
        tmp_path,
    )
    fn = list_functions(loaded)["Fn"]
    assert fn.environment == {
        "FROM_GLOBALS": "yes",
        "OVERRIDDEN": "own",
        "SCANS": "antrean-local-scans",  # a bucket's local name: stack name and logical id, lower case
        "NAME": "antrean-dev-ap-southeast-3",
        "JOINED": "dev:x",
        "QUEUE_ARN": "arn:aws:sqs:ap-southeast-3:123456789012:antrean-local-Queue",  # known before it exists
        "OBJECTS": "arn:aws:s3:::antrean-local-scans/*",
        "FLAG": "true",
    }
    # A queue's URL and a key's ARN only exist once created (in AWS, or by the local stack).
    assert set(fn.dropped_environment) == {"BUCKET", "QUEUE_URL", "KEY_ARN"}
    assert "only has a value once deployed" in fn.dropped_environment["QUEUE_URL"]
    assert fn.dropped_environment["KEY_ARN"].startswith("!GetAtt Key.Arn")
    assert fn.timeout_s == 7

    # What the running stack recorded while creating them fills the gaps; parameters can be overridden.
    local = LocalValues(
        parameters={"Stage": "local"},
        resources={
            "Queue": {"Ref": "http://127.0.0.1:5000/123456789012/antrean-local-Queue"},
            "Key": {"Ref": "k-1", "Arn": "arn:aws:kms:ap-southeast-3:123456789012:key/k-1"},
        },
    )
    fn = list_functions(loaded, local)["Fn"]
    assert fn.environment["QUEUE_URL"] == "http://127.0.0.1:5000/123456789012/antrean-local-Queue"
    assert fn.environment["KEY_ARN"] == "arn:aws:kms:ap-southeast-3:123456789012:key/k-1"
    assert fn.environment["NAME"] == "antrean-local-ap-southeast-3"
    assert set(fn.dropped_environment) == {"BUCKET"}


# --- Tables and buckets on moto -------------------------------------------------------------------


@mock_aws
def test_create_tables_from_the_real_template(template: dict[str, Any]) -> None:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    results = create_tables(dynamodb, template)
    assert {(r.name, r.created) for r in results} >= {("Table", True), ("IdempotencyTable", True)}

    table = dynamodb.describe_table(TableName="Table")["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert [k["AttributeName"] for k in table["KeySchema"]] == ["pk", "sk"]
    assert "free_slots" in {i["IndexName"] for i in table["GlobalSecondaryIndexes"]}
    ttl = dynamodb.describe_time_to_live(TableName="Table")["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}

    again = create_tables(dynamodb, template)  # idempotent: existing tables are kept
    assert all(not r.created and not r.differences for r in again)


@mock_aws
def test_an_existing_table_that_differs_is_reported(template: dict[str, Any]) -> None:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    dynamodb.create_table(
        TableName="Table",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    table = next(r for r in create_tables(dynamodb, template) if r.name == "Table")
    assert not table.created
    assert "missing index free_slots" in table.differences


def test_moto_resources_are_created_after_what_they_refer_to(template: dict[str, Any]) -> None:
    order = creation_order(template)
    assert set(order) == {
        "ScansKey",
        "ScansBucket",
        "ScansBucketPolicy",
        "ScanEventsQueue",
        "ScanEventsDeadLetterQueue",
        "ScanEventsQueuePolicy",
        "NotificationsDeadLetterQueue",
        "WebBucket",  # the pages' bucket: created, unused locally (the gateway serves web/)
        "WebBucketPolicy",
        "NikKeySecret",  # with a fixed local value, so pseudonyms in DynamoDB Local's data survive restarts
        "ChallengeKeySecret",  # with a fixed local value too
        "EdgeSecret",  # made, unused locally (no CloudFront, no WAF)
        "LogsKey",  # made, though nothing local writes CloudWatch Logs or CloudTrail
        "ScanAccessTrailBucket",  # the scans' access trail's bucket: made, no trail writes to it locally
        "ScanAccessTrailBucketPolicy",
        "AlarmTopicKey",
        "StaffUserPool",
        "StaffUserPoolClient",
        "StaffIdentityPool",
        "StaffIdentityPoolRoles",
        "StaffSignedInRole",  # IAM roles: skipped, with a note (IAM is not enforced locally)
        "ApiGatewayLogsRole",
    }
    before = order.index
    assert before("ScanEventsDeadLetterQueue") < before("ScanEventsQueue")  # its RedrivePolicy names it
    assert before("ScanEventsQueue") < before("ScanEventsQueuePolicy") < before("ScansBucket")  # DependsOn
    assert before("ScansKey") < before("ScansBucket") < before("ScansBucketPolicy")
    assert before("WebBucket") < before("WebBucketPolicy")
    assert before("LogsKey") < before("ScanAccessTrailBucket") < before("ScanAccessTrailBucketPolicy")


def test_a_reference_cycle_fails_loudly(tmp_path: Path) -> None:
    loaded = inline(
        """
Resources:
  A: {Type: AWS::SQS::Queue, Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt B.Arn}}}
  B: {Type: AWS::SQS::Queue, Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt A.Arn}}}
""",
        tmp_path,
    )
    with pytest.raises(TemplateError, match="circular references between A, B"):
        creation_order(loaded)


@mock_aws
def test_moto_resources_from_the_real_template(template: dict[str, Any]) -> None:
    def client(service: str) -> Any:
        return boto3.client(service, region_name=REGION)

    s3, sqs, kms = client("s3"), client("sqs"), client("kms")
    local = LocalValues(parameters={"WebOrigin": "http://127.0.0.1:41234"})  # the gateway on another port
    outcomes = {o.logical_id: o for o in create_moto_resources(client, template, local)}
    assert all(o.created for o in outcomes.values() if not o.skipped)
    skipped = {o.logical_id for o in outcomes.values() if o.skipped}
    assert {name for name in skipped if not name.endswith("BucketPolicy")} <= {
        "StaffSignedInRole",
        "StaffIdentityPoolRoles",
        "ApiGatewayLogsRole",
    }

    key = kms.describe_key(KeyId="alias/antrean-local/ScansKey")["KeyMetadata"]
    assert local.resources["ScansKey"]["Arn"] == key["Arn"]
    assert kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"]

    dlq_url = local.resources["ScanEventsDeadLetterQueue"]["Ref"]
    queue_url = local.resources["ScanEventsQueue"]["Ref"]
    assert queue_url.endswith("/123456789012/antrean-local-ScanEventsQueue")
    queue = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert queue["VisibilityTimeout"] == "180"  # the template's: retries are made quick by the poller instead
    assert queue["MessageRetentionPeriod"] == "345600"
    assert queue["SqsManagedSseEnabled"] == "true"
    assert json.loads(queue["RedrivePolicy"]) == {
        "deadLetterTargetArn": local.resources["ScanEventsDeadLetterQueue"]["Arn"],
        "maxReceiveCount": 5,
    }
    policy = json.loads(queue["Policy"])
    assert policy["Statement"][0]["Resource"] == local.resources["ScanEventsQueue"]["Arn"]
    assert policy["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
    dlq = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["All"])["Attributes"]
    assert dlq["MessageRetentionPeriod"] == "1209600"

    bucket = "antrean-local-scansbucket"
    assert local.resources["ScansBucket"]["Ref"] == bucket
    assert s3.get_bucket_location(Bucket=bucket)["LocationConstraint"] == REGION
    (encryption,) = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert encryption["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key["Arn"]}
    assert encryption["BucketKeyEnabled"] is True
    assert all(s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"].values())
    ownership = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"]
    assert ownership == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    (cors,) = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
    assert cors == {
        "AllowedOrigins": ["http://127.0.0.1:41234"],
        "AllowedMethods": ["POST"],
        "AllowedHeaders": ["*"],
        "MaxAgeSeconds": 600,
    }
    (rule,) = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert (rule["ID"], rule["Status"], rule["Expiration"]) == ("ExpireScans", "Enabled", {"Days": 90})
    assert rule["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}
    (notification,) = s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"]
    assert notification["QueueArn"] == local.resources["ScanEventsQueue"]["Arn"]
    assert notification["Events"] == ["s3:ObjectCreated:*"]

    # The TLS-only bucket policy would refuse every request to moto: skipped, and said why.
    assert outcomes["ScansBucketPolicy"].skipped
    assert "aws:SecureTransport" in outcomes["ScansBucketPolicy"].notes[0]
    with pytest.raises(s3.exceptions.ClientError, match="NoSuchBucketPolicy"):
        s3.get_bucket_policy(Bucket=bucket)

    # The functions' environment now resolves to the local resources.
    assert list_functions(template, local)["PublicApiFunction"].environment["SCANS_BUCKET"] == bucket

    # Idempotent: a second run finds the same key, queues and bucket and changes nothing.
    again = LocalValues(parameters=local.parameters)
    rerun = create_moto_resources(client, template, again)
    assert [o.logical_id for o in rerun if o.created] == ["ScanEventsQueuePolicy"]  # applied again, harmless
    assert again.resources == local.resources
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
    assert [json.loads(m["Body"])["Event"] for m in messages] == ["s3:TestEvent"]  # sent once, not per run


@mock_aws
def test_what_the_local_stack_cannot_apply_is_left_out_with_a_note(tmp_path: Path) -> None:
    loaded = inline(
        """
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-uploads"
      WebsiteConfiguration: {IndexDocument: index.html}
      NotificationConfiguration:
        TopicConfigurations: [{Event: "s3:ObjectCreated:*", Topic: !Ref Topic}]
  Fifo:
    Type: AWS::SQS::Queue
    Properties: {FifoQueue: true, KmsMasterKeyId: !GetAtt Elsewhere.Arn}
""",
        tmp_path,
    )
    local = LocalValues()
    outcomes = create_moto_resources(lambda service: boto3.client(service, region_name=REGION), loaded, local)
    notes = {o.name: o.notes for o in outcomes}
    assert set(notes) == {"antrean-local-uploads", "antrean-local-Fifo.fifo"}
    assert notes["antrean-local-uploads"] == (
        "NotificationConfiguration left out: !Ref Topic names no parameter or resource in the template",
        "WebsiteConfiguration left out: not applied by the local stack",
    )
    assert notes["antrean-local-Fifo.fifo"] == (
        "KmsMasterKeyId left out: !GetAtt Elsewhere.Arn names no resource in the template",
    )


def test_presigned_posts_point_at_moto_by_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # The environment the workers get: an IP-address endpoint gives path-style URLs a browser can reach.
    for name, value in local_aws_environment("http://127.0.0.1:8000", "http://127.0.0.1:5000").items():
        monkeypatch.setenv(name, value)
    # A session of its own: the default one may hold credentials from an earlier test's environment.
    s3 = boto3.session.Session().client("s3", config=Config(signature_version="s3v4"))
    post = s3.generate_presigned_post(Bucket="antrean-local-scansbucket", Key="a/b", ExpiresIn=60)
    assert post["url"] == "http://127.0.0.1:5000/antrean-local-scansbucket"
    access_key, _, region, service, _ = post["fields"]["x-amz-credential"].split("/")
    assert (access_key, region, service) == ("local", REGION, "s3")


# --- Schedules ----------------------------------------------------------------------------------

JAKARTA_DAILY = ("cron(5 0 * * ? *)", "Asia/Jakarta")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 07:00 WIB on the 24th: next is 00:05 WIB on the 25th = 17:05 UTC on the 24th.
        (datetime(2026, 11, 24, 0, 0, tzinfo=UTC), datetime(2026, 11, 24, 17, 5, tzinfo=UTC)),
        (datetime(2026, 11, 24, 17, 4, 59, tzinfo=UTC), datetime(2026, 11, 24, 17, 5, tzinfo=UTC)),
        # Exactly at the firing time: the next one is a day later.
        (datetime(2026, 11, 24, 17, 5, tzinfo=UTC), datetime(2026, 11, 25, 17, 5, tzinfo=UTC)),
        # 23:59 WIB on the 31st of December: the next day is in the next year.
        (datetime(2026, 12, 31, 16, 59, tzinfo=UTC), datetime(2026, 12, 31, 17, 5, tzinfo=UTC)),
    ],
)
def test_daily_cron_fires_in_its_time_zone(now: datetime, expected: datetime) -> None:
    assert parse_schedule(*JAKARTA_DAILY, anchor=now).next_after(now) == expected


def test_cron_with_lists_and_another_zone() -> None:
    timetable = parse_schedule("cron(0,30 8,17 * * ? *)", "Asia/Makassar", datetime.now(UTC))
    assert isinstance(timetable, DailyCron)
    # 08:10 WITA (UTC+8): the next is 08:30 WITA.
    now = datetime(2026, 11, 24, 0, 10, tzinfo=UTC)
    assert timetable.next_after(now) == datetime(2026, 11, 24, 0, 30, tzinfo=UTC)
    assert timetable.next_after(datetime(2026, 11, 24, 0, 30, tzinfo=UTC)) == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_daily_cron_across_a_dst_change() -> None:
    # 02:30 does not exist on 29 March 2026 in Berlin; the run still happens that night.
    timetable = parse_schedule("cron(30 2 * * ? *)", "Europe/Berlin", datetime.now(UTC))
    fired = timetable.next_after(datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    assert datetime(2026, 3, 29, 0, 0, tzinfo=UTC) <= fired <= datetime(2026, 3, 29, 2, 0, tzinfo=UTC)


def test_rate_counts_from_the_anchor() -> None:
    anchor = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    timetable = parse_schedule("rate(15 minutes)", "UTC", anchor)
    assert timetable.next_after(anchor) == anchor + timedelta(minutes=15)
    assert timetable.next_after(anchor + timedelta(minutes=31)) == anchor + timedelta(minutes=45)
    assert parse_schedule("rate(1 day)", "UTC", anchor).next_after(anchor) == anchor + timedelta(days=1)


@pytest.mark.parametrize(
    ("expression", "timezone", "message"),
    [
        ("cron(0/5 * * * ? *)", "UTC", "fixed numbers for the minutes"),
        ("cron(0 8 ? * MON-FRI *)", "UTC", "understands cron"),
        ("cron(0 24 * * ? *)", "UTC", "hours must be 0-23"),
        ("rate(0 minutes)", "UTC", "at least 1"),
        ("rate(1 week)", "UTC", "understands cron"),
        ("cron(5 0 * * ? *)", "Asia/Atlantis", "unknown time zone"),
    ],
)
def test_unsupported_expressions_fail_at_start(expression: str, timezone: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        parse_schedule(expression, timezone, datetime.now(UTC))


def test_schedule_event_shape() -> None:
    schedule = ScheduleEvent("OpenDaysFunction", "Daily", *JAKARTA_DAILY, enabled=True)
    event = schedule_event(schedule, datetime(2026, 11, 24, 17, 5, tzinfo=UTC))
    assert event == {
        "source": "antrean.local-scheduler",
        "time": "2026-11-24T17:05:00Z",
        "schedule": "OpenDaysFunction.Daily",
    }


def test_scheduler_fires_what_is_due_and_skips_disabled_schedules() -> None:
    start = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    clock = {"now": start}
    fired: list[dict[str, Any]] = []
    done = threading.Event()

    def fire(schedule: ScheduleEvent, event: dict[str, Any]) -> None:
        fired.append(event)
        done.set()

    schedules = [
        ScheduleEvent("Fn", "Often", "rate(1 minute)", "UTC", enabled=True),
        ScheduleEvent("Fn", "Off", "rate(1 minute)", "UTC", enabled=False),
    ]
    scheduler = Scheduler(schedules, fire, clock=lambda: clock["now"])
    assert scheduler.next_runs() == {"Fn.Often": start + timedelta(minutes=1)}
    clock["now"] = start + timedelta(minutes=1, seconds=1)
    scheduler.start()
    try:
        assert done.wait(5)
    finally:
        scheduler.stop()
    assert fired == [{"source": "antrean.local-scheduler", "time": "2026-11-24T00:01:01Z", "schedule": "Fn.Often"}]
    assert scheduler.next_runs() == {"Fn.Often": start + timedelta(minutes=2)}
