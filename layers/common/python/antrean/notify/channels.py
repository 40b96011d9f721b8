"""The channels a message goes out by: SNS (SMS), SES (e-mail) and a WhatsApp provider's HTTP API.
The adapter of all three: the only module that talks to them.

A failed send says how it ended, because a message must go out at most once:
- NotSent: the channel answered with a refusal, or could not be reached at all. Nothing went out;
  trying again is safe.
- MaybeSent: the request left and no answer came back (a read timeout, a dropped connection).
  It may have been delivered; sending again could send it twice.
The SDK's own retries are off for the same reason (botocore retries read timeouts); throttling,
which is a refusal, is retried here a few times.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ConnectTimeoutError, EndpointConnectionError

from antrean.caches import forgets
from antrean.config import notify_settings, sender_settings
from antrean.domain import NotifyChannel
from antrean.notify.messages import Message

if TYPE_CHECKING:
    from mypy_boto3_ses import SESClient
    from mypy_boto3_sns import SNSClient

# total_max_attempts counts the first attempt; botocore's max_attempts would be one *retry* more.
_CLIENT_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=3, read_timeout=10)
_THROTTLED = {"Throttling", "ThrottlingException", "Throttled", "ThrottledException", "TooManyRequestsException"}
_TRIES = 3
WHATSAPP_TIMEOUT_S = 10


class NotSent(Exception):
    """Nothing went out (the channel refused, or was never reached): safe to try again."""


class MaybeSent(Exception):
    """The request may have reached the channel: sending again could send the message twice."""


class Sender(Protocol):
    def send(self, to: str, message: Message, reference: str) -> str:
        """Send `message` to `to` (a phone number or an address); returns the channel's message id.
        `reference` is the event id, for channels that deduplicate by it. Raises NotSent or MaybeSent."""
        ...


def _aws(call: Callable[[], Any]) -> Any:
    """One AWS request, with the outcome told as NotSent or MaybeSent. The error's message is left
    out on purpose: SNS repeats the phone number in it."""
    for attempt in range(_TRIES):
        try:
            return call()
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", "Unknown"))
            if code in _THROTTLED and attempt + 1 < _TRIES:
                time.sleep(0.2 * 2**attempt)
                continue
            raise NotSent(code) from None
        except (EndpointConnectionError, ConnectTimeoutError) as error:
            raise NotSent(type(error).__name__) from None  # never connected: nothing was sent
        except BotoCoreError as error:
            raise MaybeSent(type(error).__name__) from None
    raise AssertionError("unreachable")  # pragma: no cover


class SmsSender:
    """SMS through SNS (publish to a phone number, transactional: delivered even to DND numbers)."""

    def __init__(self, client: SNSClient) -> None:
        self.client = client

    def send(self, to: str, message: Message, reference: str) -> str:
        response = _aws(
            lambda: self.client.publish(
                PhoneNumber=to,
                Message=message.text,
                MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
            )
        )
        return str(response["MessageId"])


class EmailSender:
    """E-mail through SES, from the deployment's verified sender."""

    def __init__(self, client: SESClient, source: str) -> None:
        self.client = client
        self.source = source

    def send(self, to: str, message: Message, reference: str) -> str:
        response = _aws(
            lambda: self.client.send_email(
                Source=self.source,
                Destination={"ToAddresses": [to]},
                Message={
                    "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": message.email_text, "Charset": "UTF-8"}},
                },
            )
        )
        return str(response["MessageId"])


class WhatsAppSender:
    """WhatsApp through a provider's HTTP API: POST {"to", "message", "reference"} as JSON with a
    bearer token; any 2xx is sent. `reference` also goes as Idempotency-Key, for providers that
    deduplicate. (Meta's own Cloud API needs approved templates: put an adapter there.)"""

    def __init__(self, url: str, token: Callable[[], str]) -> None:
        self.url = url
        self.token = token

    def send(self, to: str, message: Message, reference: str) -> str:
        request = urllib.request.Request(  # noqa: S310 (the URL is the deployment's https setting)
            self.url,
            data=json.dumps({"to": to, "message": message.text, "reference": reference}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token()}",
                "Idempotency-Key": reference,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=WHATSAPP_TIMEOUT_S) as response:  # noqa: S310
                payload = response.read()
        except urllib.error.HTTPError as error:
            raise NotSent(f"HTTP {error.code}") from None  # the provider answered: a refusal
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise MaybeSent("timeout") from None
            raise NotSent(type(error.reason).__name__) from None  # refused, unknown host: never sent
        except (TimeoutError, ConnectionError) as error:
            raise MaybeSent(type(error).__name__) from None  # sent, and the answer never came
        try:
            answer = json.loads(payload or b"{}")
        except ValueError:
            answer = {}
        found = answer.get("id") or answer.get("message_id") if isinstance(answer, dict) else None
        return str(found or reference)


def _whatsapp_token(name: str) -> Callable[[], str]:
    def token() -> str:
        from aws_lambda_powertools.utilities import parameters  # only when WhatsApp is on

        return str(parameters.get_parameter(name, decrypt=True, max_age=300))

    return token


@forgets
def forget_senders() -> None:
    """Make the channels' clients again at the next send."""
    sender.cache_clear()
    code_sender.cache_clear()


@cache
def sender(channel: NotifyChannel) -> Sender:
    """The process's sender for a channel, made on first use."""
    config = notify_settings()
    if channel == NotifyChannel.SMS:
        return SmsSender(boto3.client("sns", config=_CLIENT_CONFIG))
    if channel == NotifyChannel.EMAIL:
        return EmailSender(boto3.client("ses", config=_CLIENT_CONFIG), config.email_sender)
    return WhatsAppSender(config.whatsapp_api_url, _whatsapp_token(config.whatsapp_token_parameter))


@cache
def code_sender(channel: NotifyChannel) -> Sender:
    """The public API's sender of phone verification codes (logic.phone_codes): SMS, or WhatsApp
    where the deployment has it on; never e-mail (an address proves nothing about a phone)."""
    config = sender_settings()
    if channel == NotifyChannel.WHATSAPP:
        return WhatsAppSender(config.whatsapp_api_url, _whatsapp_token(config.whatsapp_token_parameter))
    return SmsSender(boto3.client("sns", config=_CLIENT_CONFIG))
