"""The messages citizens would have received from the local stack: the SMS moto's SNS took and the
e-mails moto's SES took, read from moto's own record of them (``/moto-api/data.json``) and shown by
the gateway at ``/__local/messages`` (a page that refreshes itself) and ``/__local/messages.json``.

Phone numbers and addresses are masked here too, with the layer's own masks (as in the logs): the
page is for reading what a citizen is told, not to whom.
"""

from __future__ import annotations

import html
import json
import re
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass

from antrean.rules.privacy import mask_email, mask_phone

PAGE_PATH = "/__local/messages"
JSON_PATH = "/__local/messages.json"
_LINK = re.compile(r"https?://[^\s<]+")


@dataclass(frozen=True)
class SentMessage:
    channel: str  # "sms" or "email"
    to: str  # masked
    subject: str
    text: str
    message_id: str


def parse_moto_data(data: dict[str, dict[str, list[dict[str, object]]]]) -> list[SentMessage]:
    """The SMS and e-mails in moto's data.json, newest first (moto keeps them in sending order)."""
    sms = [
        SentMessage("sms", mask_phone(str(m["phone_number"])), "", str(m["message"]), str(m["message_id"]))
        for m in data.get("sns", {}).get("SMS", [])
    ]
    mail = []
    for m in data.get("ses", {}).get("Message", []):
        destinations = m.get("destinations")
        to = destinations.get("ToAddresses", []) if isinstance(destinations, dict) else []
        recipients = ", ".join(mask_email(str(a)) for a in to)
        mail.append(SentMessage("email", recipients, str(m.get("subject", "")), str(m.get("body", "")), str(m["id"])))
    return [*reversed(sms), *reversed(mail)]


def read_sent_messages(moto_endpoint: str) -> list[SentMessage]:
    """What moto's server has recorded as sent, asked over HTTP like any other client."""
    with urllib.request.urlopen(f"{moto_endpoint}/moto-api/data.json", timeout=10) as response:  # noqa: S310
        return parse_moto_data(json.loads(response.read()))


def _linked(text: str) -> str:
    escaped = html.escape(text)
    return _LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


def render_page(messages: list[SentMessage]) -> str:
    """The page: SMS then e-mails, newest first, refreshing every five seconds."""
    sections = []
    for channel, title in (("sms", "SMS"), ("email", "E-mail")):
        items = [m for m in messages if m.channel == channel]
        cards = "".join(
            "<article>"
            f"<p class=meta>to {html.escape(m.to)}"
            + (f" &middot; <b>{html.escape(m.subject)}</b>" if m.subject else "")
            + f"</p><pre>{_linked(m.text)}</pre></article>"
            for m in items
        )
        sections.append(f"<h2>{title} ({len(items)})</h2>{cards or '<p>None yet.</p>'}")
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta http-equiv="refresh" content="5"><meta name=viewport content="width=device-width">'
        "<title>Messages sent (local stack)</title><style>"
        "body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}"
        "article{border:1px solid #ccc;border-radius:.5rem;padding:.5rem 1rem;margin:.75rem 0}"
        ".meta{color:#555;margin:0}pre{white-space:pre-wrap;font:inherit;margin:.25rem 0}"
        "</style></head><body><h1>Messages sent by the local stack</h1>"
        "<p>What citizens would receive: SMS through moto's SNS, e-mail through moto's SES, newest first. "
        f'This page refreshes every 5 s; the same as JSON: <a href="{JSON_PATH}">{JSON_PATH}</a>.</p>'
        + "".join(sections)
        + "</body></html>"
    )


def render_json(messages: list[SentMessage]) -> str:
    return json.dumps({"messages": [asdict(m) for m in messages]}, ensure_ascii=False)


#: A page the gateway serves on GET: () -> (content type, body).
Page = Callable[[], tuple[str, str]]


def message_pages(moto_endpoint: Callable[[], str | None]) -> dict[str, Page]:
    """The gateway's /__local/messages pages, reading moto at ``moto_endpoint()`` (None: not up yet)."""

    def read() -> list[SentMessage]:
        endpoint = moto_endpoint()
        return read_sent_messages(endpoint) if endpoint else []

    return {
        PAGE_PATH: lambda: ("text/html; charset=utf-8", render_page(read())),
        JSON_PATH: lambda: ("application/json", render_json(read())),
    }
