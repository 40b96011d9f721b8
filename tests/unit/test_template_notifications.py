"""The notifications' wiring stays in template.yaml: the table's stream, retries ending in a
dead-letter queue, the reminder's schedule, and permissions no wider than sending needs."""

from __future__ import annotations

from pathlib import Path

from antrean_local.template import list_functions, load_template

TEMPLATE = load_template(Path(__file__).resolve().parents[2] / "template.yaml")
RESOURCES = TEMPLATE["Resources"]
DLQ = {"Fn::GetAtt": ["NotificationsDeadLetterQueue", "Arn"]}


def _properties(logical_id: str) -> dict:
    return RESOURCES[logical_id]["Properties"]


def test_every_booking_write_is_on_the_stream_with_both_images() -> None:
    assert _properties("Table")["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}


def test_failed_changes_are_retried_then_kept_in_the_dead_letter_queue() -> None:
    stream = _properties("NotifierFunction")["Events"]["BookingChanges"]["Properties"]
    assert stream["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert stream["BisectBatchOnFunctionError"] is True
    assert 0 < stream["MaximumRetryAttempts"] <= 10
    assert stream["DestinationConfig"]["OnFailure"] == {"Type": "SQS", "Destination": DLQ}
    reminders = _properties("RemindersFunction")["EventInvokeConfig"]
    assert reminders["DestinationConfig"]["OnFailure"] == {"Type": "SQS", "Destination": DLQ}


def test_reminders_run_the_evening_before_in_the_offices_zone() -> None:
    schedule = _properties("RemindersFunction")["Events"]["DayBefore"]["Properties"]
    assert (schedule["ScheduleExpression"], schedule["ScheduleExpressionTimezone"]) == (
        "cron(0 17 * * ? *)",
        "Asia/Jakarta",
    )


def test_sending_may_write_only_its_own_marks_and_publish_only_sms() -> None:
    statements = _properties("NotificationSendingPolicy")["PolicyDocument"]["Statement"]
    writes = [s for s in statements if any(a in ("dynamodb:UpdateItem", "dynamodb:PutItem") for a in _actions(s))]
    assert [s["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"] for s in writes] == [["NOTIFY#*"]]
    (sns,) = [s for s in statements if "sns:Publish" in _actions(s)]
    assert "Resource" not in sns  # NotResource: every topic is excluded, phone numbers remain
    (ses,) = [s for s in statements if "ses:SendEmail" in _actions(s)]
    assert ses["Condition"] == {"StringEquals": {"ses:FromAddress": {"Ref": "NotificationSender"}}}
    for function in ("NotifierFunction", "RemindersFunction"):
        assert {"Ref": "NotificationSendingPolicy"} in _properties(function)["Policies"]


def test_whatsapp_is_off_by_default_and_the_booking_form_knows_it() -> None:
    assert TEMPLATE["Parameters"]["WhatsAppApiUrl"]["Default"] == ""
    functions = list_functions(TEMPLATE)
    for name in ("PublicApiFunction", "NotifierFunction", "RemindersFunction"):
        assert functions[name].environment["WHATSAPP_API_URL"] == ""
    assert functions["NotifierFunction"].environment["TRACKING_URL"] == (
        "http://127.0.0.1:3000/#track?reg={registration_number}"
    )
    for name in ("NotifierFunction", "RemindersFunction"):  # "upload again" links the upload page
        assert functions[name].environment["UPLOAD_URL"] == "http://127.0.0.1:3000/#upload?reg={registration_number}"


def _actions(statement: dict) -> list[str]:
    action = statement["Action"]
    return action if isinstance(action, list) else [action]
