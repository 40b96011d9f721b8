"""Messages to citizens, end to end in-process: the API and staff handlers write bookings to moto's
DynamoDB, the local stream poller reads moto's stream as Lambda's event source mapping would
(filters, partial failures, retries, on-failure queue) and runs the notifier, which sends through
moto's SNS (SMS) and SES (e-mail). The reminders run on the fixed Tuesday at 17:00 WIB."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ReadTimeoutError

from antrean import caches
from antrean.domain import NotifyChannel
from antrean.notify import channels
from antrean.notify.reminders import RemindersFailed
from antrean.observability import logger
from antrean.store import store
from tests.support.clock import THURSDAY, WEDNESDAY
from tests.support.factories import booking_body, nik, small
from tests.support.handlers import REMINDERS, Api, Staff, lambda_context
from tests.support.outbox import REGION, emails, sms
from tests.support.scans import submitted_kk_booking
from tests.support.stream import STREAM_EVENT, Stream

LINK = "https://antrean.example.id/#track?reg="
EVENING = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)  # 17:00 WIB, when the reminders run


@pytest.fixture
def stream(notify: None, seed: Callable[..., Any]) -> Stream:
    seed(small("tegal"))
    return Stream()


def _book(api: Api, serial: int = 1, day: str = WEDNESDAY, **changes: Any) -> dict[str, Any]:
    status, body = api.post("/offices/tegal/bookings", booking_body(serial, day, **changes))
    assert status == 201, body
    return dict(body)


class SmsOutage:
    """SNS refusing the next `times` SMS (every one when None), or raising `error` instead, until healed."""

    def __init__(self, times: int | None = None, error: Exception | None = None) -> None:
        self.times = times
        self.error = error
        self.calls: list[dict[str, Any]] = []
        self.client: Any = channels.sender(NotifyChannel.SMS).client  # type: ignore[attr-defined]
        self.client.meta.events.register("before-call.sns.Publish", self.refuse)

    def refuse(self, params: dict[str, Any], **_: Any) -> Any:
        if self.times is not None and len(self.calls) >= self.times:
            return None  # let it through
        self.calls.append(params)
        if self.error is not None:
            raise self.error
        return AWSResponse("", 500, {}, None), {"Error": {"Code": "InternalError", "Message": "down"}}

    def heal(self) -> None:
        self.client.meta.events.unregister("before-call.sns.Publish", self.refuse)


def mark(event_id: str) -> dict[str, Any]:
    item = store().table.client.get_item(
        TableName="Table", Key={"pk": {"S": f"NOTIFY#{event_id}"}, "sk": {"S": "NOTIFY"}}
    )
    return {k: next(iter(v.values())) for k, v in item.get("Item", {}).items()}


# --- each change: exactly one message, with the right text -------------------------------------


def test_a_booking_sends_one_sms_with_its_number_visit_and_tracking_link(stream: Stream, api: Api) -> None:
    booked = _book(api)

    stream.drain()

    reg = booked["registration_number"]
    assert sms() == [
        (
            "+6281200000001",
            f"Disdukcapil Kota Tegal: pendaftaran KTP-el Anda tercatat dengan nomor registrasi {reg}. "
            f"Jadwal: Rabu, 25 November 2026, sesi A (08:00-12:00 WIB), nomor antrean {booked['queue_number']}, "
            f"datang pukul {booked['arrival_time'][:5]} WIB. Bawa dokumen asli. Lacak atau batalkan: {LINK}{reg}",
        )
    ]
    assert mark(f"{reg}#0#booked")["state"] == "sent"


def test_the_same_records_delivered_again_send_nothing_more(stream: Stream, api: Api) -> None:
    _book(api)
    stream.drain()

    for event in list(stream.events):  # Lambda delivers a record at least once: here, twice
        assert stream.invoke(event).result == {"batchItemFailures": []}

    assert len(sms()) == 1


def test_only_booking_items_reach_the_notifier(stream: Stream, api: Api) -> None:
    _book(api)  # one transaction: the slot, the booking, the NIK guard

    stream.drain()

    keys = [r["dynamodb"]["Keys"] for e in stream.events for r in e["Records"]]
    assert [(k["pk"]["S"][:8], k["sk"]["S"]) for k in keys] == [("BOOKING#", "BOOKING")]


def test_a_cancellation_sends_one_more_message(stream: Stream, api: Api) -> None:
    reg = _book(api)["registration_number"]
    status, _ = api.post(f"/bookings/{reg}/cancel", {"nik": nik(1)})
    assert status == 200

    stream.drain()

    assert [text for _, text in sms()][1] == (
        f"Disdukcapil Kota Tegal: pendaftaran {reg} (KTP-el, Rabu, 25 November 2026) telah dibatalkan. "
        f"Lacak: {LINK}{reg}"
    )
    assert len(sms()) == 2


def test_an_incomplete_review_says_which_documents_and_why(stream: Stream, api: Api, staff: Staff) -> None:
    reg = _book(api)["registration_number"]
    status, body = staff("operator-tegal").post(
        f"/staff/offices/tegal/bookings/{reg}/review",
        {"verdict": "incomplete", "items": [{"document_type": "kk", "problem": "missing"}], "note": "Unggah KK."},
    )
    assert status == 200, body

    stream.drain()

    assert [text for _, text in sms()][1:] == [
        f"Disdukcapil Kota Tegal: berkas pendaftaran {reg} (KTP-el) belum lengkap. Kartu Keluarga (KK): belum ada. "
        f"Catatan petugas: Unggah KK. Unggah ulang di: https://antrean.example.id/#upload?reg={reg}"
    ]


def test_ready_for_pickup_sends_one_message(stream: Stream, api: Api, staff: Staff) -> None:
    reg = submitted_kk_booking(api)
    status, body = staff("operator-tegal").post(f"/staff/offices/tegal/bookings/{reg}/ready-for-pickup")
    assert status == 200, body

    stream.drain()

    texts = [text for _, text in sms()]
    assert len(texts) == 2  # booked, then ready (scans arriving are not news for the citizen)
    assert texts[1] == (
        f"Disdukcapil Kota Tegal: dokumen Kartu Keluarga (KK) Anda (pendaftaran {reg}) sudah jadi. Silakan ambil "
        "di Jl. Ki Gede Sebayu No. 12, Tegal pada jam layanan dengan membawa bukti pendaftaran. "
        f"Lacak: {LINK}{reg}"
    )


def test_the_email_channel_goes_through_ses(stream: Stream, api: Api) -> None:
    reg = _book(api, channel="email", email="siti.aminah@example.id")["registration_number"]

    stream.drain()

    (email,) = emails()
    assert sms() == []
    assert (email.source, email.destinations["ToAddresses"]) == (
        "noreply@antrean.example.id",
        ["siti.aminah@example.id"],
    )
    assert email.subject == f"Pendaftaran {reg} tercatat"
    assert email.body.startswith(
        f"Disdukcapil Kota Tegal: pendaftaran KTP-el Anda tercatat dengan nomor registrasi {reg}."
    )
    assert "Mohon tidak membalas" in email.body


def test_the_log_never_shows_the_phone_number_or_address(stream: Stream, api: Api) -> None:
    handler: Any = logger.registered_handler
    log = io.StringIO()
    handler.setStream(log)
    try:
        _book(api, serial=1)
        _book(api, serial=2, channel="email", email="siti.aminah@example.id")
        stream.drain()
    finally:
        handler.setStream(sys.stdout)

    sent = [json.loads(line) for line in log.getvalue().splitlines() if '"notification sent"' in line]
    assert [(line["channel"], line["to"]) for line in sent] == [
        ("sms", "***********001"),
        ("email", "s**********@example.id"),
    ]
    assert "81200000001" not in log.getvalue()
    assert "siti.aminah" not in log.getvalue()


# --- WhatsApp: off by default, a provider's HTTP API when on ------------------------------------


def test_whatsapp_is_refused_at_booking_while_it_is_off(notify: None, seed: Callable[..., Any], api: Api) -> None:
    seed(small("tegal"))

    status, body = api.post("/offices/tegal/bookings", booking_body(1, WEDNESDAY, channel="whatsapp"))

    assert status == 422
    assert body["error"]["code"] == "channel_not_available"
    assert body["error"]["message_id"] == "Pemberitahuan lewat WhatsApp belum tersedia; pilih SMS atau e-mail."
    assert body["error"]["channels"] == ["sms", "email"]


class Provider(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], dict[str, Any]]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Provider.received.append((dict(self.headers), body))
        payload = json.dumps({"id": "wamid-1"}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def whatsapp(notify: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[dict[str, str], dict[str, Any]]]]:
    """A provider on loopback, its token in SSM, and WhatsApp switched on."""
    server = HTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    boto3.client("ssm", region_name=REGION).put_parameter(Name="/antrean/wa", Value="s3cret", Type="SecureString")
    monkeypatch.setenv("WHATSAPP_API_URL", f"http://127.0.0.1:{server.server_port}/send")
    monkeypatch.setenv("WHATSAPP_TOKEN_PARAMETER", "/antrean/wa")
    Provider.received = []
    yield Provider.received
    server.shutdown()
    caches.forget_all()  # WhatsApp's settings and sender, made while it was on


def test_whatsapp_when_on_posts_to_the_provider_with_its_token(whatsapp: list[Any], seed: Any, api: Api) -> None:
    seed(small("tegal"))
    stream = Stream()
    reg = _book(api, channel="whatsapp")["registration_number"]

    stream.drain()

    ((headers, body),) = whatsapp
    assert headers["Authorization"] == "Bearer s3cret"
    assert headers["Idempotency-Key"] == body["reference"] == f"{reg}#0#booked"
    assert body["to"] == "+6281200000001"
    assert body["message"].startswith(
        f"Disdukcapil Kota Tegal: pendaftaran KTP-el Anda tercatat dengan nomor registrasi {reg}."
    )
    assert sms() == []
    assert mark(f"{reg}#0#booked")["detail"] == "wamid-1"


# --- failures: retried, then dead-lettered, never sent twice ------------------------------------


def test_a_failing_channel_is_retried_then_dead_lettered(stream: Stream, api: Api) -> None:
    outage = SmsOutage()
    reg = _book(api)["registration_number"]

    stream.drain()

    assert len(outage.calls) == 1 + STREAM_EVENT.maximum_retry_attempts  # the first try and every retry
    assert sms() == []
    (letter,) = stream.dead_letters()
    assert letter["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert letter["requestContext"]["approximateInvokeCount"] == 6
    batch = letter["DDBStreamBatchInfo"]
    assert batch["batchSize"] == 1
    assert batch["startSequenceNumber"] == stream.events[0]["Records"][0]["dynamodb"]["SequenceNumber"]
    # Nothing went out, and the mark says so: replaying the record from the dead letter sends it.
    assert mark(f"{reg}#0#booked")["state"] == "failed"
    outage.heal()
    assert stream.invoke(stream.events[0]).result == {"batchItemFailures": []}
    assert len(sms()) == 1


def test_a_channel_that_recovers_sends_the_message_once(stream: Stream, api: Api) -> None:
    outage = SmsOutage(times=2)
    _book(api)

    stream.drain()

    assert len(outage.calls) == 2
    assert len(sms()) == 1
    assert stream.dead_letters() == []


def test_a_later_change_waits_for_the_earlier_one(stream: Stream, api: Api) -> None:
    SmsOutage(times=1)
    reg = _book(api)["registration_number"]
    api.post(f"/bookings/{reg}/cancel", {"nik": nik(1)})

    stream.drain()

    texts = [text for _, text in sms()]
    assert [("tercatat" in t, "dibatalkan" in t) for t in texts] == [(True, False), (False, True)]


def test_a_send_with_no_answer_is_not_repeated_and_is_dead_lettered(stream: Stream, api: Api) -> None:
    outage = SmsOutage(error=ReadTimeoutError(endpoint_url="https://sns"))
    reg = _book(api)["registration_number"]

    stream.drain()

    assert len(outage.calls) == 1  # it may have gone out: never sent again
    assert mark(f"{reg}#0#booked")["state"] == "sending"
    (letter,) = stream.dead_letters()
    assert letter["DDBStreamBatchInfo"]["batchSize"] == 1


# --- the day before ------------------------------------------------------------------------------


def test_a_reminder_run_twice_sends_once(
    notify: None, seed: Callable[..., Any], api: Api, now: Callable[[dt.datetime], None], dynamodb_calls: list[str]
) -> None:
    seed(small("tegal"))
    booked = _book(api)
    now(EVENING)

    first = REMINDERS.lambda_handler({}, lambda_context())
    second = REMINDERS.lambda_handler({}, lambda_context())

    reg = booked["registration_number"]
    assert sms() == [
        (
            "+6281200000001",
            f"Pengingat Disdukcapil Kota Tegal: besok, Rabu, 25 November 2026, sesi A (08:00-12:00 WIB), nomor "
            f"antrean {booked['queue_number']}, datang pukul {booked['arrival_time'][:5]} WIB. Pendaftaran {reg} "
            f"(KTP-el). Bawa dokumen asli. Lacak atau batalkan: {LINK}{reg}",
        )
    ]
    assert (first["sent"], second["sent"], second["skipped"]) == (1, 0, 1)
    assert "Scan" not in dynamodb_calls  # tomorrow's bookings come from the day's queue key


def test_reminders_go_to_tomorrows_active_bookings_only(
    notify: None, seed: Callable[..., Any], api: Api, now: Callable[[dt.datetime], None]
) -> None:
    seed(small("tegal"))
    kept = _book(api, serial=1)["registration_number"]
    cancelled = _book(api, serial=2)["registration_number"]
    api.post(f"/bookings/{cancelled}/cancel", {"nik": nik(2)})
    now(EVENING)

    report = REMINDERS.lambda_handler({}, lambda_context())

    ((_, text),) = sms()
    assert kept in text
    assert (report["bookings"], report["sent"]) == (1, 1)


def test_the_reminder_of_a_day_after_tomorrow_waits(
    notify: None, seed: Callable[..., Any], api: Api, now: Callable[[dt.datetime], None]
) -> None:
    seed(small("tegal").model_copy(update={"booking_window_days": 3}))
    _book(api, day=THURSDAY)
    now(EVENING)

    REMINDERS.lambda_handler({}, lambda_context())

    assert sms() == []


def test_a_failed_reminder_fails_the_run_after_the_others_and_goes_out_on_the_retry(
    notify: None, seed: Callable[..., Any], api: Api, now: Callable[[dt.datetime], None]
) -> None:
    seed(small("tegal"))
    _book(api, serial=1)
    _book(api, serial=2)
    now(EVENING)
    SmsOutage(times=1)

    with pytest.raises(RemindersFailed) as failed:
        REMINDERS.lambda_handler({}, lambda_context())
    retried = REMINDERS.lambda_handler({}, lambda_context())

    assert (failed.value.report.sent, len(failed.value.report.failed)) == (1, 1)
    assert (retried["sent"], retried["skipped"]) == (1, 1)
    assert len(sms()) == 2
