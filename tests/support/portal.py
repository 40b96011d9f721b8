"""Helpers for the staff portal's and the now-serving screen's browser tests.

The stack runs on the real clock, and a booking can be checked in, called and served only on its
own day, during the office's hours: the counter tests use an office of their own whose one
session lasts the whole day, every day (`counter_office`), written to the table and opened as
test_staff_walk_ins does it. Its operator and supervisor must be accounts the stack makes when it
starts, so those tests start a stack of their own (`counter_stack`); the rest use the session's.

People sign in as `make run` prints them (the stack's staff-credentials.json): username and
password, then, for an account with a sign-in code (every supervisor), the code an authenticator
app holding its `totp_secret` shows now (pyotp).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
import requests
from playwright.sync_api import Page, expect

from antrean.domain import Office, SessionDef
from antrean.logic import offices
from antrean.logic.open_days import open_days
from antrean.rules.calendar import day_status, office_now
from antrean_local.launcher import LocalStack, restarted_stack
from antrean_local.staff_credentials import FILE_NAME, StaffAccount, new_credential, read, write
from tests.support.factories import all_day_office, booking_body, noise_image, operator, supervisor
from tests.support.http_clients import next_serial
from tests.support.stack import AUXILIARY_WINDOW_DAYS, in_process, skip_near_midnight

#: The counter tests' own office (see the module docstring).
COUNTER_OFFICE = "e2e-portal"
#: A refusal of a request, as Chromium logs it: the user pool's (a wrong password, a wrong code),
#: the API's or API Gateway's.
REFUSED_BY_POOL = "Failed to load resource: the server responded with a status of 400 (Bad Request)"
REFUSED_BY_GATEWAY = "Failed to load resource: the server responded with a status of 403 (Forbidden)"


def counter_office(office_id: str = COUNTER_OFFICE) -> Office:
    """Open 00:00-23:59 every day with one session as long, bookable today and tomorrow: a
    citizen can book for today at any hour and be checked in, called and served at once."""
    base = all_day_office(office_id, walk_in_cap=20).model_dump()
    return Office.model_validate(
        {
            **base,
            "name": "Disdukcapil Uji Loket",
            "booking_window_days": 2,
            "daily_quota": 10,
            "sessions": [SessionDef(code="A", start=dt.time(0, 0), end=dt.time(23, 59))],
            "services": ["ktp_el", "kk"],
        }
    )


@contextlib.contextmanager
def counter_stack(data_dir: Path, console: Path, office: Office) -> Iterator[LocalStack]:
    """A stack whose user pool has `office`'s operator and supervisor accounts (besides the demo
    ones), with the office in the table and its days opened as the 00:05 run would; the demo
    offices book AUXILIARY_WINDOW_DAYS ahead."""
    write(
        data_dir / FILE_NAME, [new_credential(operator(office.office_id)), new_credential(supervisor(office.office_id))]
    )
    with restarted_stack(data_dir, console, window_days=AUXILIARY_WINDOW_DAYS) as stack:
        skip_near_midnight(office)
        now = dt.datetime.now(dt.UTC)
        today = office_now(office, now).date()
        if not day_status(office, today).is_open:
            pytest.skip(f"{today} is {day_status(office, today).detail}: the office is closed today")
        with in_process(stack):
            offices.save_offices([office])
            open_days(now)
        yield stack


def account(stack: LocalStack, username: str) -> StaffAccount:
    """A demo account of the stack (as `make run` prints them): username, password, TOTP secret."""
    for found in read(stack.data_dir / FILE_NAME):
        if found.username == username:
            return found
    raise AssertionError(f"no account {username} in {stack.data_dir / FILE_NAME}")


def totp_code(secret: str) -> str:
    """The code an authenticator app holding `secret` shows now."""
    return pyotp.TOTP(secret).now()


def sign_in(page: Page, stack: LocalStack, user: str, *, password: str | None = None) -> None:
    """Open the portal and send `user`'s username and password (`password` instead, if given)."""
    page.goto("/portal/")
    fill_sign_in(page, user, account(stack, user).password if password is None else password)


def fill_sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def enter_code(page: Page, secret: str, *, button: str = "Periksa kode") -> None:
    """Type the authenticator app's current code into the code step and send it."""
    page.get_by_label("Kode 6 angka").fill(totp_code(secret))
    page.get_by_role("button", name=button).click()


def signed_in(page: Page, stack: LocalStack, user: str) -> None:
    """Sign in (with the code, for an account that has one) and wait for the first screen."""
    sign_in(page, stack, user)
    secret = account(stack, user).totp_secret
    if secret:
        expect(page.get_by_role("heading", name="Kode masuk")).to_be_visible()
        enter_code(page, secret)
    expect(page.locator("#who")).to_be_visible()
    expect(page.locator("#screen h1")).to_be_focused()


def read_totp_secret(page: Page) -> str:
    """The secret the set-up shows next to its QR code (what a person would type into the app)."""
    secret = page.locator("code.totp-secret")
    expect(secret).to_be_visible()
    return secret.inner_text().replace(" ", "")


def open_screen(page: Page, link: str, heading: str) -> None:
    """Go to a portal screen by its link and wait until it shows: the queue screen the portal
    opens on has a "Nomor pendaftaran" field too, which a quick `fill` would otherwise find."""
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def book_today(stack: LocalStack, office_id: str, **changes: Any) -> dict[str, Any]:
    """A citizen books today's session A through the public API, as the web form does."""
    today = office_now(counter_office(office_id), dt.datetime.now(dt.UTC)).date().isoformat()
    body = booking_body(next_serial(), today, **changes)
    response = requests.post(
        f"{stack.base_url}/offices/{office_id}/bookings",
        json=body,
        headers={"Idempotency-Key": f"portal-test-{body['nik']}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return {**response.json(), "nik": body["nik"]}


def nav_labels(page: Page) -> list[str]:
    return [text.strip() for text in page.locator("#nav a").all_inner_texts()]


def upload_scan(stack: LocalStack, booking: dict[str, Any], document_type: str = "kk") -> None:
    """The citizen sends a scan as the web form does (presigned POST straight to the local S3),
    and the intake has checked it: the document is `uploaded`."""
    ticket = requests.post(
        f"{stack.base_url}/bookings/{booking['registration_number']}/documents/{document_type}/upload",
        json={"nik": booking["nik"], "content_type": "image/png"},
        timeout=30,
    )
    assert ticket.status_code == 201, ticket.text
    upload = ticket.json()
    sent = requests.post(
        upload["url"],
        data=upload["fields"],
        files={"file": ("scan.png", noise_image(160, 120, "PNG"), "image/png")},
        timeout=30,
    )
    assert sent.status_code in (200, 201, 204), sent.text
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = document_state(stack, booking["registration_number"], document_type)
        if state != "missing":
            assert state == "uploaded", state
            return
        time.sleep(0.3)
    raise AssertionError(f"the intake did not check the scan of {booking['registration_number']} within 30 s")


def document_state(stack: LocalStack, registration_number: str, document_type: str) -> str:
    """The document's state as the citizen's page reads it (public API)."""
    response = requests.get(f"{stack.base_url}/bookings/{registration_number}/documents", timeout=30)
    assert response.status_code == 200, response.text
    return str(next(d["state"] for d in response.json()["documents"] if d["document_type"] == document_type))
