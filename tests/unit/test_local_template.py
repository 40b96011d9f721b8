"""The local stack's reading of template.yaml (routes, auth, schedules, environment, tables) and its
schedule arithmetic: what the gateway, workers and scheduler are configured from."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from moto import mock_aws

from antrean_local.scheduler import DailyCron, ScheduleError, Scheduler, parse_schedule, schedule_event
from antrean_local.template import (
    ScheduleEvent,
    TemplateError,
    create_buckets,
    create_tables,
    list_functions,
    list_routes,
    list_schedules,
    load_template,
)

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
          FLAG: true
""",
        tmp_path,
    )
    fn = list_functions(loaded)["Fn"]
    assert fn.environment == {
        "FROM_GLOBALS": "yes",
        "OVERRIDDEN": "own",
        "SCANS": "scans",  # a bucket's local name: its logical id, lower case
        "NAME": "antrean-dev-ap-southeast-3",
        "JOINED": "dev:x",
        "FLAG": "true",
    }
    assert set(fn.dropped_environment) == {"BUCKET", "QUEUE_URL", "QUEUE_ARN"}
    assert "only has a value once deployed" in fn.dropped_environment["QUEUE_URL"]
    assert fn.dropped_environment["QUEUE_ARN"].startswith("!GetAtt Queue.Arn")
    assert fn.timeout_s == 7


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


@mock_aws
def test_create_buckets_with_cors(tmp_path: Path) -> None:
    loaded = inline(
        """
Resources:
  ScanBucket:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedMethods: [POST]
            AllowedOrigins: ["*"]
            MaxAge: 600
""",
        tmp_path,
    )
    s3 = boto3.client("s3", region_name=REGION)
    assert [(b.name, b.created) for b in create_buckets(s3, loaded)] == [("scan-bucket", True)]
    assert s3.get_bucket_location(Bucket="scan-bucket")["LocationConstraint"] == REGION
    rule = s3.get_bucket_cors(Bucket="scan-bucket")["CORSRules"][0]
    assert rule["AllowedMethods"] == ["POST"]
    assert rule["MaxAgeSeconds"] == 600
    assert [(b.name, b.created) for b in create_buckets(s3, loaded)] == [("scan-bucket", False)]


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
