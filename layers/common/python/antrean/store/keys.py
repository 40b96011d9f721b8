"""Every key of the single table: the only place that knows their formats.

Items (pk / sk):
- office rules ........ OFFICE / OFFICE#<office>
- opened day .......... DAYS#<office> / <date>                 (the plan as it was when opened)
- slot (one place) .... DAY#<office>#<date> / SLOT#<session>#<place>
                        free slots also carry free_pk = <office>#<date>,
                        free_sk = <session>#<pool>#<place>: the sparse index `free_slots`
                        a place waiting to reopen (freed by a cancel or a move, the office's reopen
                        delay) carries free_pk = REOPEN, free_sk = <reopen time, UTC>#<office>#<date>#
                        <session>#<pool>#<place> instead: one query finds every place due to reopen
- walk-in slot ........ DAY#<office>#<date> / SLOT#WALKIN#<n>  (session WALKIN, pool walk_in)
- booking ............. BOOKING#<registration number> / BOOKING
- NIK guard ........... GUARD#<office>#<date>#<nik pseudonym> / GUARD   (one booking per NIK, office, day)
- NIK visit guard ..... VISIT#<date>#<nik pseudonym> / VISIT   (one visit per NIK and day, at any office;
                        holds the office and the registration number)
- used challenge ...... CHALLENGE#<signature> / CHALLENGE     (a proof of work's challenge, answered once;
                        expires by TTL when the challenge does)
- phone code attempt .. PHONECODE#<attempt id> / ATTEMPT       (phone verification: the code's keyed hash,
                        tries, verified, the NIK pseudonym it confirmed; expires by TTL after a day)
- phone code sends .... PHONECODES#PHONE#<phone pseudonym> or PHONECODES#CLIENT#<address pseudonym> / SENDS
                        (the last hour's sends, versioned; expires by TTL)
- office codes of day . PHONECODES#<office> / <date>            (codes sent that day: the daily cap's counter)
- upload ticket ....... BOOKING#<registration number> / UPLOAD#<upload id>   (expires by TTL)
- document ............ BOOKING#<registration number> / DOC#<document type>
- scan by digest ...... SCANS#<office> / <sha-256>#<registration number>#<document type>  (an accepted
                        scan; also listed by its booking's day in `lists`: SCANS#<office>#<date> /
                        the same sort key; the booking-ring report; expires with the booking)
- complaint ........... BOOKING#<registration number> / COMPLAINT#<n>   (listed by office: `lists`
                        COMPLAINTS#<office> / <state rank>#<filed at>#<ticket>)
- open complaint ...... BOOKING#<registration number> / COMPLAINT_OPEN  (holds the ticket: one at a time)
- staff member ........ STAFF#<principal ARN> / STAFF
- village application . VILLAGE#<office>#<village> / <date>#<registration number>
- audit record ........ AUDIT#<office>#<date> / <time>#<audit id>
- day report .......... REPORT#<office> / <date>              (fixed by close_day)
- day service times ... TIMES#<office> / <date>               (histograms per service, fixed by close_day)
- day board ........... BOARD#<office>#<date> / BOARD          (the "now serving" screen)
- lottery entry ....... LOTTERY#<office>#<date> / <nik pseudonym>  (fair opening: one entry per NIK)
- lottery to draw ..... LOTTERIES / <office>#<date>#<draw time>  (one per closing time of a day's
                        entries, written by each entry; removed once drawn)
- weekly count ........ LIMIT#NIK#<nik pseudonym> or LIMIT#PHONE#<phone pseudonym> / <Monday>
                        (bookings made that week; expires by TTL)
- notification mark ... NOTIFY#<event id> / NOTIFY             (one message per event; expires by TTL)
- no-show ............. NOSHOW#<office>#<nik pseudonym> / <date>#<registration number>  (the no-show
                        rule: a booking the NIK did not come to; expires 90 days after its day)
- no-show state ....... NOSHOW#<office>#<nik pseudonym> / STATE  (the block's last day, when it was
                        lifted, a version; expires once none of it matters)
- survey invitation ... SURVEY#<token> / SURVEY                (the link a served citizen got: office,
                        service, day, counter, closing time, answered; no registration number or NIK)
- survey response ..... SKM#<office>#<YYYY-MM> / <date>#<response id>  (anonymous: office, service,
                        day, counter, scores, comment)

The index `lists` (list_pk / list_sk) lists a day's bookings (QUEUE#<office>#<date> /
<session>#<place>) and an office's staff (STAFF#<office> / <principal ARN>).

No key holds a clear NIK or phone number: they hold keyed hashes (antrean.pseudonyms). While the
key rotates, the pseudonyms under the other keys are looked up and guarded too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

FREE_INDEX = "free_slots"
LIST_INDEX = "lists"
#: The key attributes (partition, sort) of the table and of each index.
KEY_ATTRIBUTES: dict[str | None, tuple[str, str]] = {
    None: ("pk", "sk"),
    FREE_INDEX: ("free_pk", "free_sk"),
    LIST_INDEX: ("list_pk", "list_sk"),
}
OFFICES = "OFFICE"
DRAWS = "LOTTERIES"
SLOT_PREFIX = "SLOT#"
DOCUMENT_PREFIX = "DOC#"

Key = dict[str, Any]


def key(pk: str, sk: str) -> Key:
    """A key in DynamoDB's item format."""
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def office(office_id: str) -> Key:
    return key(OFFICES, f"OFFICE#{office_id}")


def opened_days(office_id: str) -> str:
    """The partition of an office's opened days (sort key: the date)."""
    return f"DAYS#{office_id}"


def opened_day(office_id: str, day: dt.date) -> Key:
    return key(opened_days(office_id), day.isoformat())


def day(office_id: str, day: dt.date) -> str:
    """The partition of a day's slots."""
    return f"DAY#{office_id}#{day.isoformat()}"


def slot(office_id: str, on: dt.date, session: str, place: int) -> Key:
    return key(day(office_id, on), f"{SLOT_PREFIX}{session}#{place:04d}")


def free_pk(office_id: str, day: dt.date) -> str:
    return f"{office_id}#{day.isoformat()}"


def free_sk(session: str, pool: str, place: int) -> str:
    return f"{free_prefix(session, pool)}{place:04d}"


def free_prefix(session: str, pool: str) -> str:
    return f"{session}#{pool}#"


def parse_free_sk(free_sk: str) -> tuple[str, str, int]:
    """(session, pool, place) of a free slot's index key."""
    session, pool, place = free_sk.split("#")
    return session, pool, int(place)


#: The free-slot index's partition of the places waiting to reopen, of every office and day.
REOPENS = "REOPEN"


def _utc(at: dt.datetime) -> str:
    """A moment as fixed-width UTC text: sorted as text, sorted in time."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def waiting_sk(reopen_at: dt.datetime, office_id: str, day: dt.date, session: str, pool: str, place: int) -> str:
    """A waiting place's sort key in the REOPEN partition: by its reopen time first."""
    return f"{_utc(reopen_at)}#{office_id}#{day.isoformat()}#{session}#{pool}#{place:04d}"


def reopen_time(reopen_at: dt.datetime) -> str:
    """The reopen time as a waiting slot keeps it (its condition when it reopens)."""
    return _utc(reopen_at)


def due_to_reopen(now: dt.datetime) -> tuple[str, str]:
    """The range of waiting sort keys whose reopen time is `now` or earlier."""
    return "0", f"{_utc(now)}#~"  # "~" sorts after every office id


def parse_waiting_sk(sk: str) -> tuple[dt.datetime, str, dt.date, str, str, int]:
    """(reopen time, office, day, session, pool, place) of a waiting place's sort key."""
    at, office_id, day, session, pool, place = sk.split("#")
    return (
        dt.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC),
        office_id,
        dt.date.fromisoformat(day),
        session,
        pool,
        int(place),
    )


def booking(registration_number: str) -> Key:
    return key(booking_pk(registration_number), "BOOKING")


def booking_pk(registration_number: str) -> str:
    """The partition of a booking and its uploads and documents."""
    return f"BOOKING#{registration_number}"


def is_booking(item: dict[str, Any]) -> bool:
    """Whether an item (DynamoDB's format) is a booking."""
    return bool(item.get("sk", {}).get("S") == "BOOKING" and item.get("pk", {}).get("S", "").startswith("BOOKING#"))


def guard(office_id: str, day: dt.date, nik_pseudonym: str) -> Key:
    return key(f"GUARD#{office_id}#{day.isoformat()}#{nik_pseudonym}", "GUARD")


def visit(day: dt.date, nik_pseudonym: str) -> Key:
    """The NIK's one visit of the day, whichever office it is at."""
    return key(f"VISIT#{day.isoformat()}#{nik_pseudonym}", "VISIT")


def queue(office_id: str, day: dt.date) -> str:
    """The `lists` partition of a day's bookings (sort key: queue_position)."""
    return f"QUEUE#{office_id}#{day.isoformat()}"


def queue_position(session: str, place: int) -> str:
    return f"{session}#{place:04d}"


def upload(registration_number: str, upload_id: str) -> Key:
    return key(booking_pk(registration_number), f"UPLOAD#{upload_id}")


def scans(office_id: str) -> str:
    """The partition of an office's accepted scans by digest (one query finds byte-identical scans)."""
    return f"SCANS#{office_id}"


def scan_sort_key(digest: str, registration_number: str, document_type: str) -> str:
    return f"{digest}#{registration_number}#{document_type}"


def day_scans(office_id: str, day: dt.date) -> str:
    """The `lists` partition of the accepted scans of an office day's bookings."""
    return f"SCANS#{office_id}#{day.isoformat()}"


def document(registration_number: str, document_type: str) -> Key:
    return key(booking_pk(registration_number), f"{DOCUMENT_PREFIX}{document_type}")


def staff(principal: str) -> Key:
    return key(f"STAFF#{principal}", "STAFF")


def office_staff(office_id: str) -> str:
    """The `lists` partition of an office's staff (sort key: the principal ARN)."""
    return f"STAFF#{office_id}"


def village(office_id: str, village: str) -> str:
    """The partition of a village's applications."""
    return f"VILLAGE#{office_id}#{village}"


def village_application(office_id: str, village_code: str, day: dt.date, registration_number: str) -> Key:
    return key(village(office_id, village_code), f"{day.isoformat()}#{registration_number}")


def registration_of_application(sk: str) -> str:
    return sk.split("#", 1)[1]


def audit(office_id: str, day: dt.date) -> str:
    """The partition of an office day's audit records."""
    return f"AUDIT#{office_id}#{day.isoformat()}"


def audit_record(office_id: str, day: dt.date, at: dt.datetime, audit_id: str) -> Key:
    return key(audit(office_id, day), f"{at.isoformat()}#{audit_id}")


def reports(office_id: str) -> str:
    """The partition of an office's day reports (sort key: the date)."""
    return f"REPORT#{office_id}"


def report(office_id: str, day: dt.date) -> Key:
    return key(reports(office_id), day.isoformat())


def service_times(office_id: str) -> str:
    """The partition of an office's closed days' service times (sort key: the date)."""
    return f"TIMES#{office_id}"


def day_service_times(office_id: str, day: dt.date) -> Key:
    return key(service_times(office_id), day.isoformat())


def board(office_id: str, day: dt.date) -> Key:
    return key(f"BOARD#{office_id}#{day.isoformat()}", "BOARD")


LOTTERY = "LOTTERY#"


def lottery(office_id: str, day: dt.date) -> str:
    """The partition of a day's lottery entries (sort key: the NIK's pseudonym)."""
    return f"{LOTTERY}{office_id}#{day.isoformat()}"


def is_lottery_entry(item: dict[str, Any]) -> bool:
    """Whether an item (DynamoDB's format) is a lottery entry."""
    return bool(item.get("pk", {}).get("S", "").startswith(LOTTERY))


def entry_id(item: dict[str, Any]) -> str:
    """A lottery entry's lasting name, from its key (office, day, the NIK's pseudonym): no clear NIK."""
    return f"{item['pk']['S']}#{item['sk']['S']}"


def lottery_entry(office_id: str, day: dt.date, nik_pseudonym: str) -> Key:
    return key(lottery(office_id, day), nik_pseudonym)


def draw(office_id: str, day: dt.date, draw_at: dt.datetime) -> Key:
    return key(DRAWS, f"{office_id}#{day.isoformat()}#{draw_at.isoformat()}")


def draws_of_day(office_id: str, day: dt.date) -> str:
    """The sort-key prefix of a day's draws (of every closing time, and the older one per day)."""
    return f"{office_id}#{day.isoformat()}"


def opening_draw(office_id: str, day: dt.date) -> Key:
    """The older draw item, one per day, written when the day opened."""
    return key(DRAWS, f"{office_id}#{day.isoformat()}")


def parse_draw(sk: str) -> tuple[str, dt.date]:
    """(office, day) of a draw's sort key; also of the older `<office>#<date>` keys, written when
    a day opened, that a deployed table may still hold."""
    head, last = sk.rsplit("#", 1)
    if len(last) == len("YYYY-MM-DD"):
        return head, dt.date.fromisoformat(last)
    office_id, day = head.rsplit("#", 1)
    return office_id, dt.date.fromisoformat(day)


def weekly_count(what: str, pseudonym: str, monday: dt.date) -> Key:
    return key(f"LIMIT#{what.upper()}#{pseudonym}", monday.isoformat())


def no_shows(office_id: str, nik_pseudonym: str) -> str:
    """The partition of a NIK's no-shows at an office and their state (its one query reads both)."""
    return f"NOSHOW#{office_id}#{nik_pseudonym}"


NO_SHOW_STATE = "STATE"  # sorts after every no-show's date


def no_show(office_id: str, nik_pseudonym: str, day: dt.date, registration_number: str) -> Key:
    return key(no_shows(office_id, nik_pseudonym), f"{day.isoformat()}#{registration_number}")


def no_show_state(office_id: str, nik_pseudonym: str) -> Key:
    return key(no_shows(office_id, nik_pseudonym), NO_SHOW_STATE)


def notification(event_id: str) -> Key:
    return key(f"NOTIFY#{event_id}", "NOTIFY")


COMPLAINT_PREFIX = "COMPLAINT#"


def complaint(registration_number: str, number: int) -> Key:
    return key(booking_pk(registration_number), f"{COMPLAINT_PREFIX}{number}")


def is_complaint(item: dict[str, Any]) -> bool:
    """Whether an item (DynamoDB's format) is a complaint."""
    return bool(
        item.get("pk", {}).get("S", "").startswith("BOOKING#")
        and item.get("sk", {}).get("S", "").startswith(COMPLAINT_PREFIX)
    )


def open_complaint(registration_number: str) -> Key:
    """The booking's one complaint that is not closed (its ticket), while there is one."""
    return key(booking_pk(registration_number), "COMPLAINT_OPEN")


def office_complaints(office_id: str) -> str:
    """The `lists` partition of an office's complaints (sort key: complaint_position)."""
    return f"COMPLAINTS#{office_id}"


def complaint_position(rank: int, filed_at: dt.datetime, ticket: str) -> str:
    """Open ones first (rank 0), then answered (1), then closed (2); oldest first within each."""
    return f"{rank}#{filed_at.isoformat()}#{ticket}"


def survey_invitation(token: str) -> Key:
    """A survey link's invitation, found by the link's random token alone."""
    return key(f"SURVEY#{token}", "SURVEY")


def survey_responses(office_id: str, month: dt.date) -> str:
    """The partition of an office's survey responses of one month (sort key: survey_response's)."""
    return f"SKM#{office_id}#{month.isoformat()[:7]}"


def survey_response(office_id: str, day: dt.date, response_id: str) -> Key:
    return key(survey_responses(office_id, day), f"{day.isoformat()}#{response_id}")


def used_challenge(signature: str) -> Key:
    """A proof-of-work challenge answered (domain.challenge): its signature is unique to it."""
    return key(f"CHALLENGE#{signature}", "CHALLENGE")


def phone_code_attempt(attempt_id: str) -> Key:
    """One phone verification code sent (domain.phone_codes)."""
    return key(f"PHONECODE#{attempt_id}", "ATTEMPT")


def phone_code_sends(kind: str, pseudonym: str) -> Key:
    """The recent codes sent to a phone number (kind "PHONE") or asked from an address ("CLIENT")."""
    return key(f"PHONECODES#{kind}#{pseudonym}", "SENDS")


def office_phone_codes(office_id: str, day: dt.date) -> Key:
    """The count of an office's codes sent on one of its days (the daily cap)."""
    return key(f"PHONECODES#{office_id}", day.isoformat())
