"""Booking rings (issue 18): brokers (calo) book with many NIKs (photocopied KTPs) but few phones,
e-mail addresses and machines, and upload the same scan for several of them. The supervisor's
report links the NIKs of an office's recent bookings that share

- a phone number (E.164, as the booking keeps it),
- an e-mail address (case and spaces ignored),
- a client address (the keyed pseudonym of the request's source address, Booking.client), or
- a byte-identical accepted scan (the SHA-256 the intake records, store Documents.day_scans),

and groups them by connected components (union-find): NIK A shares a phone with B and B an
e-mail address with C puts A, B and C in one group. A client address is a weak link (mobile
networks put strangers behind one address): it joins groups already linked by a phone, an e-mail
address or a scan, never a NIK it alone links. A group is shown from `min_niks` NIKs on (default 3:
a family booking for two on one phone is ordinary; a bigger family still shows, and the view
says which links join them, so a supervisor judges). Most NIKs first, then most distinct links,
then most bookings.

Which bookings: the citizens' own (kind online; a lottery entry's booking too), of any status
(a cancelled booking still links: cancelling at the agreed minute is how a place is handed over),
booked for a day from `weeks` weeks back up to today, and every day ahead in the office's booking
window, because the places a ring holds now are the ones worth cancelling. Bookings made by staff
(desk, walk-in, village officer) are left out: they carry no client address, and a village
officer's or the office's phone would link strangers. Each day is two queries (its bookings, its
scans), so the longest report (8 weeks and a 90-day window) reads about 300 small partitions.

Not linked: a client address seen under another key (the pseudonym key rotated in between) and
a scan listed under the day its booking had when it landed when the booking moved out of the
window since.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from antrean.domain import ACTIVE_STATUSES, Booking, BookingKind, StaffMember, StaffRole
from antrean.logic.offices import get_office
from antrean.logic.staff import authorize
from antrean.rules.calendar import office_now
from antrean.store import store
from antrean.store.documents import ScanSeen

DEFAULT_WEEKS, MAX_WEEKS = 4, 8
DEFAULT_MIN_NIKS, MAX_MIN_NIKS = 3, 50
#: The most groups one report lists (the largest first).
MAX_RINGS = 100


class LinkKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    CLIENT = "client"
    SCAN = "scan"


@dataclass(frozen=True)
class Link:
    """One value shared by several NIKs of a group: `value` is the phone, the e-mail address, the
    client pseudonym or the scan's digest (the API masks or shortens it)."""

    kind: LinkKind
    value: str
    niks: int  # how many of the group's NIKs share it


@dataclass(frozen=True)
class Ring:
    niks: tuple[str, ...]  # in the order of their first booking
    links: tuple[Link, ...]
    bookings: tuple[Booking, ...]  # by day, session and place


@dataclass(frozen=True)
class RingReport:
    office_id: str
    today: dt.date
    first: dt.date
    last: dt.date
    min_niks: int
    bookings: int  # how many bookings were looked at
    rings: list[Ring]

    def cancellable(self, booking: Booking) -> bool:
        """Whether staff may still cancel the booking (active, not on a day gone by)."""
        return booking.status in ACTIVE_STATUSES and booking.date >= self.today


def ring_report(member: StaffMember, office_id: str, weeks: int, min_niks: int, now: dt.datetime) -> RingReport:
    """The office's booking rings over its recent and coming bookings (supervisor only)."""
    authorize(member, office_id, StaffRole.SUPERVISOR)
    office = get_office(office_id)
    today = office_now(office, now).date()
    first = today - dt.timedelta(weeks=weeks) + dt.timedelta(days=1)
    last = today + dt.timedelta(days=office.booking_window_days)
    bookings: list[Booking] = []
    scans: list[ScanSeen] = []
    day = first
    while day <= last:
        bookings += store().queue.day_bookings(office_id, day)
        scans += store().documents.day_scans(office_id, day)
        day += dt.timedelta(days=1)
    own = [b for b in bookings if b.kind == BookingKind.ONLINE]
    rings = find_rings(own, scans, min_niks)[:MAX_RINGS]
    return RingReport(office_id, today, first, last, min_niks, len(own), rings)


def link_values(booking: Booking) -> list[tuple[LinkKind, str]]:
    """What a booking may share with another NIK's, besides its scans."""
    values = []
    if booking.phone:
        values.append((LinkKind.PHONE, booking.phone))
    if booking.email and booking.email.strip():
        values.append((LinkKind.EMAIL, booking.email.strip().casefold()))
    if booking.client:
        values.append((LinkKind.CLIENT, booking.client))
    return values


def find_rings(bookings: Iterable[Booking], scans: Iterable[ScanSeen], min_niks: int) -> list[Ring]:
    """Groups of at least `min_niks` NIKs joined by shared values (pure: no AWS, no clock), ranked:
    most NIKs, then most distinct links, then most bookings."""
    every = sorted(bookings, key=lambda b: (b.date, b.session, b.place, b.registration_number))
    nik_of = {b.registration_number: b.nik for b in every}
    sharing: dict[tuple[LinkKind, str], set[str]] = defaultdict(set)
    for booking in every:
        for value in link_values(booking):
            sharing[value].add(booking.nik)
    for scan in scans:
        if scan.registration_number in nik_of:
            sharing[(LinkKind.SCAN, scan.digest)].add(nik_of[scan.registration_number])
    shared = {value: niks for value, niks in sharing.items() if len(niks) >= 2}

    groups = _Components()
    for (kind, _), niks in shared.items():
        if kind != LinkKind.CLIENT:
            groups.join(niks)
    # A client address is a weak link: mobile networks (carrier-grade NAT), kiosks and internet
    # cafes put strangers behind one address. It only joins groups already linked otherwise (a
    # broker's NIKs on a few phones, from one machine); a NIK linked by an address alone stays out.
    sizes = Counter(groups.root(nik) for nik in nik_of.values())
    for (kind, _), niks in shared.items():
        if kind == LinkKind.CLIENT:
            linked = {groups.root(nik) for nik in niks if sizes[groups.root(nik)] >= 2}
            if len(linked) >= 2:
                groups.join(linked)
    members: dict[str, list[str]] = defaultdict(list)
    for nik in dict.fromkeys(b.nik for b in every):  # first-booking order
        members[groups.root(nik)].append(nik)

    rings = []
    for group in members.values():
        if len(group) < min_niks:
            continue
        inside = set(group)
        links = tuple(
            Link(kind, value, len(holders & inside))
            for (kind, value), holders in sorted(shared.items(), key=lambda s: (-len(s[1] & inside), s[0]))
            if len(holders & inside) >= 2 and (kind == LinkKind.CLIENT or holders <= inside)
        )
        held = tuple(b for b in every if b.nik in inside)
        rings.append(Ring(tuple(group), links, held))
    return sorted(rings, key=lambda r: (-len(r.niks), -len(r.links), -len(r.bookings), r.bookings[0].date))


class _Components:
    """Union-find over NIKs, with path halving."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def root(self, nik: str) -> str:
        parent = self._parent
        parent.setdefault(nik, nik)
        while parent[nik] != nik:
            parent[nik] = parent[parent[nik]]
            nik = parent[nik]
        return nik

    def join(self, niks: Iterable[str]) -> None:
        first, *others = niks
        for nik in others:
            a, b = self.root(first), self.root(nik)
            if a != b:
                self._parent[b] = a
