"""The messages to citizens that moto's SNS (SMS) and SES (e-mail) took, in order."""

from __future__ import annotations

from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends

#: The region the tests' clients (and so moto's backends) are in.
REGION = "ap-southeast-3"


def sms() -> list[tuple[str, str]]:
    """(phone number, text) of every SMS moto's SNS took, in order."""
    return list(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values())


def emails() -> list[Any]:
    return list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages)
