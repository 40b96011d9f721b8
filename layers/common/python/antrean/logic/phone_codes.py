"""Phone verification (domain.phone_codes; the office's `phone_verification`): send a one-time code
to a phone number, check the code, and confirm a citizen's booking request with the verified attempt.

The code is sent here, by the public API itself (notify.channels.code_sender), not through the
table's stream like the other messages: the notifier would need the code, and the table never
holds it. It lives in this process's memory only, from `new_code` to the sender.

Refusals write nothing but the counters: a send refused by a limit, or a code refused as wrong,
leaves the attempt's tries and the sends counted; a booking refused for its phone writes nothing.
"""

from __future__ import annotations

import datetime as dt

from antrean.config import channel_settings
from antrean.domain import NewBooking, NotifyChannel
from antrean.domain.phone_codes import (
    CODE_VALID,
    MAX_TRIES,
    PER_CLIENT_PER_HOUR,
    PER_PHONE_PER_HOUR,
    RESEND_GAP,
    VERIFIED_FOR,
    AttemptState,
    PhoneCodeAttempt,
    SendRefusal,
    check_send,
    code_digest,
    code_text,
    new_attempt_id,
    new_code,
)
from antrean.errors import (
    Busy,
    ChannelNotAvailable,
    PhoneCodeExpired,
    PhoneCodeLimit,
    PhoneCodeLocked,
    PhoneCodeNotFound,
    PhoneCodeNotSent,
    PhoneCodesExhausted,
    PhoneCodeTooSoon,
    PhoneCodeWrong,
    PhoneNotVerified,
    PhoneVerificationExpired,
    PhoneVerificationOff,
    PhoneVerificationUsed,
)
from antrean.logic.offices import get_office
from antrean.notify.channels import MaybeSent, NotSent, code_sender
from antrean.notify.messages import Message
from antrean.observability import logger, metrics
from antrean.pseudonyms import hash_keys
from antrean.rules.calendar import office_now
from antrean.store import store
from antrean.store.phone_codes import CLIENT, PHONE, Sends

#: How long an office's count of a day's codes is kept (TTL) after it is last written.
_COUNT_KEPT = dt.timedelta(days=3)


def phone_codes_url(office_id: str) -> str:
    """Where a client asks for a code for a booking at the office (the API's path)."""
    return f"/offices/{office_id}/phone-codes"


def _phone_pseudonym(phone: str) -> str:
    return hash_keys().pseudonym(f"phone:{phone}")


def send_code(
    office_id: str, phone: str, channel: NotifyChannel, client: str | None, now: dt.datetime
) -> PhoneCodeAttempt:
    """Send a new code to the phone number (E.164) for a booking at the office, within the limits:
    the phone's (RESEND_GAP, PER_PHONE_PER_HOUR), the client address's (PER_CLIENT_PER_HOUR; its
    pseudonym) and the office's day (verification_codes_per_day). Returns the attempt to verify."""
    office = get_office(office_id)
    if not office.phone_verification:
        raise PhoneVerificationOff()
    if channel == NotifyChannel.WHATSAPP and not channel_settings().whatsapp_enabled:
        raise ChannelNotAvailable(channel=channel, channels=[NotifyChannel.SMS])
    keys = hash_keys()
    pseudonym = _phone_pseudonym(phone)
    _count_sends(pseudonym, client, now)
    day = office_now(office, now).date()
    if not store().phone_codes.take_office_code(
        office.office_id, day, office.verification_codes_per_day, now + _COUNT_KEPT
    ):
        metrics.add_metric(name="PhoneCodesExhausted", unit="Count", value=1)
        raise PhoneCodesExhausted()
    code, attempt_id = new_code(), new_attempt_id()
    attempt = PhoneCodeAttempt(
        attempt_id=attempt_id,
        office_id=office.office_id,
        phone=pseudonym,
        channel=channel,
        digest=code_digest(attempt_id, code, keys.current),
        created_at=now,
        code_expires_at=now + CODE_VALID,
    )
    store().phone_codes.put_attempt(attempt)  # before the send: a quick reader finds it
    message = Message(subject="Kode verifikasi Antrean", text=code_text(code))
    try:
        code_sender(channel).send(phone, message, reference=attempt_id)
    except NotSent as refused:
        logger.warning("phone code not sent", extra={"channel": channel, "reason": str(refused)})
        raise PhoneCodeNotSent() from None
    except MaybeSent as unknown:  # it may well have arrived: the citizen can ask again in a minute
        logger.warning("phone code may not have been sent", extra={"channel": channel, "reason": str(unknown)})
    metrics.add_metric(name="PhoneCodeSent", unit="Count", value=1)
    logger.info("phone code sent", extra={"office_id": office.office_id, "channel": channel})
    return attempt


def _count_sends(phone: str, client: str | None, now: dt.datetime) -> None:
    """Record one send to the phone (pseudonym) and from the client address (pseudonym), or refuse
    it: PhoneCodeTooSoon (the phone's resend gap), PhoneCodeLimit (the hour's sends to the phone,
    or from the address). Both are written together or neither; a concurrent send is read again."""
    limits: list[tuple[str, str, int, dt.timedelta | None, str]] = [
        (PHONE, phone, PER_PHONE_PER_HOUR, RESEND_GAP, "phone")
    ]
    if client:
        limits.append((CLIENT, client, PER_CLIENT_PER_HOUR, None, "client"))
    codes = store().phone_codes
    for _ in range(5):
        counted = []
        for kind, pseudonym, per_hour, gap, per in limits:
            sent, version = codes.sends(kind, pseudonym)
            check = check_send(sent, now, per_hour, gap)
            if check.refusal is not None:
                metrics.add_metric(name="PhoneCodeLimited", unit="Count", value=1)
                if check.refusal == SendRefusal.TOO_SOON:
                    raise PhoneCodeTooSoon(retry_after=check.retry_after)
                raise PhoneCodeLimit(retry_after=check.retry_after, per=per)
            counted.append(Sends(kind, pseudonym, check.recent, version))
        if codes.put_sends(counted):
            return
    raise Busy()


def _attempt_of(office_id: str, attempt_id: str) -> PhoneCodeAttempt:
    attempt = store().phone_codes.attempt(attempt_id)
    if attempt is None or attempt.office_id != office_id:
        raise PhoneCodeNotFound()
    return attempt


def verify_code(office_id: str, attempt_id: str, code: str, now: dt.datetime) -> PhoneCodeAttempt:
    """Check the code of an attempt: verified (again: the same answer, a safe retry), or refused as
    wrong with the tries left, locked on the MAX_TRIES-th wrong code, or expired. Each code checked
    is a try counted by a conditional write, so concurrent guesses get MAX_TRIES in all."""
    attempt = _attempt_of(office_id, attempt_id)
    keys = hash_keys()
    digests = {code_digest(attempt_id, code, key) for key in (keys.current, *keys.others)}
    if attempt.state(now) == AttemptState.PENDING:
        codes = store().phone_codes
        if codes.verify(attempt_id, digests, now, MAX_TRIES):
            metrics.add_metric(name="PhoneCodeVerified", unit="Count", value=1)
            return attempt.model_copy(update={"verified_at": now, "tries": attempt.tries + 1})
        if codes.count_wrong(attempt_id, now, MAX_TRIES):
            metrics.add_metric(name="PhoneCodeWrong", unit="Count", value=1)
        attempt = _attempt_of(office_id, attempt_id)  # as it stands now (tries, or a concurrent try's)
    state = attempt.state(now)
    if state == AttemptState.VERIFIED and attempt.digest in digests:
        return attempt
    if state == AttemptState.LOCKED:
        raise PhoneCodeLocked()
    if state == AttemptState.EXPIRED:
        raise PhoneCodeExpired()
    raise PhoneCodeWrong(tries_left=attempt.tries_left if attempt.verified_at is None else 0)


def confirm_phone(request: NewBooking, verification: str | None, now: dt.datetime) -> NewBooking:
    """The citizen's booking request, with its phone number confirmed where the office verifies
    phones (`phone_verified`): `verification` names an attempt of this office, verified within
    VERIFIED_FOR, for the request's phone number, and not yet used by another NIK (the first
    booking binds it to its NIK). Refused otherwise, nothing written; an office that verifies no
    phones takes the request as it is."""
    office = get_office(request.office_id)
    if not office.phone_verification:
        return request
    url = phone_codes_url(office.office_id)
    if verification is None or request.phone is None:
        raise PhoneNotVerified(phone_codes_url=url)
    keys = hash_keys()
    phones = keys.every_pseudonym(f"phone:{request.phone}")
    niks = keys.every_pseudonym(request.nik)
    if store().phone_codes.bind(verification, office.office_id, phones, niks, now - VERIFIED_FOR):
        return request.model_copy(update={"phone_verified": True})
    attempt = store().phone_codes.attempt(verification)
    if attempt is None or attempt.office_id != office.office_id or attempt.phone not in phones:
        raise PhoneNotVerified(phone_codes_url=url)
    until = attempt.confirms_until()
    if until is None:
        raise PhoneNotVerified(phone_codes_url=url)
    if until < now:
        raise PhoneVerificationExpired(phone_codes_url=url)
    raise PhoneVerificationUsed()
