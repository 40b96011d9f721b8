"""How the booking-ring report links NIKs into groups and ranks them (logic.rings.find_rings, pure)."""

from __future__ import annotations

import datetime as dt

from antrean.domain import Booking, BookingStatus, HistoryEntry, ServiceCode
from antrean.logic.rings import LinkKind, find_rings
from antrean.store.documents import ScanSeen

AT = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 25)


def booking(serial: int, phone: str | None = None, **changes: object) -> Booking:
    values: dict[str, object] = {
        "registration_number": f"R{serial:04d}",
        "office_id": "tegal",
        "service": ServiceCode.KTP_EL,
        "date": DAY,
        "session": "A",
        "pool": "shared",
        "place": serial,
        "queue_number": f"A-{serial:03d}",
        "arrival_time": dt.time(8, 0),
        "nik": f"352301010190{serial:04d}",
        "name": "Siti Aminah",
        "phone": phone or f"+628120000{serial:04d}",
        "status": BookingStatus.BOOKED,
        "history": (HistoryEntry(at=AT, status=BookingStatus.BOOKED),),
        "created_at": AT,
    }
    values.update(changes)
    return Booking.model_validate(values)


def test_links_chain_niks_into_one_group_through_different_values() -> None:
    # A and B share a phone, B and C a client address, C and D a scan; E and F only an e-mail
    bookings = [
        booking(1, phone="+6281299990001"),
        booking(2, phone="+6281299990001", client="k1"),
        booking(3, client="k1"),
        booking(4),
        booking(5, email="Calo@Mail.id"),
        booking(6, email=" calo@mail.id"),
    ]
    scans = [ScanSeen("d" * 64, "R0003", "kk", DAY), ScanSeen("d" * 64, "R0004", "kk", DAY)]

    rings = find_rings(bookings, scans, min_niks=2)

    assert [len(r.niks) for r in rings] == [4, 2]
    assert [link.kind for link in rings[0].links] == [LinkKind.CLIENT, LinkKind.PHONE, LinkKind.SCAN]
    assert [(link.kind, link.value) for link in rings[1].links] == [(LinkKind.EMAIL, "calo@mail.id")]


def test_one_nik_booking_twice_on_one_phone_is_no_ring_and_the_minimum_holds() -> None:
    same = [booking(1), booking(1, registration_number="R9999", date=DAY + dt.timedelta(days=7))]
    family = [booking(2, phone="+6281277770007"), booking(3, phone="+6281277770007")]

    assert find_rings(same, [], min_niks=2) == []
    assert find_rings(family, [], min_niks=3) == []
    (ring,) = find_rings(family, [], min_niks=2)
    assert ring.niks == (family[0].nik, family[1].nik)


def test_groups_rank_by_niks_then_links_and_list_every_booking_of_their_niks() -> None:
    small = [booking(n, phone="+6281211110000", client="k9") for n in (1, 2, 3)]
    large = [booking(n, phone="+6281222220000") for n in (4, 5, 6, 7)]
    again = booking(4, registration_number="R0044", phone="+6281233330000", status=BookingStatus.CANCELLED)

    rings = find_rings([*small, *large, again], [ScanSeen("e" * 64, "R8888", "kk", DAY)], min_niks=3)

    assert [(len(r.niks), len(r.links)) for r in rings] == [(4, 1), (3, 2)]
    assert [b.registration_number for b in rings[0].bookings] == ["R0004", "R0044", "R0005", "R0006", "R0007"]


def test_an_address_alone_links_nobody_but_joins_groups_linked_otherwise() -> None:
    # Five strangers behind one mobile network's address (carrier-grade NAT): no ring.
    strangers = [booking(serial, client="nat") for serial in range(1, 6)]
    assert find_rings(strangers, [], min_niks=2) == []
    # A broker's NIKs on two phones, from one machine: one group, and a stranger behind the same
    # address stays out of it.
    broker = [
        booking(11, phone="+6281211110001", client="m"),
        booking(12, phone="+6281211110001", client="m"),
        booking(13, phone="+6281211110002", client="m"),
        booking(14, phone="+6281211110002", client="m"),
        booking(15, client="m"),
    ]

    rings = find_rings(broker, [], min_niks=3)

    assert [len(r.niks) for r in rings] == [4]
    assert booking(15).nik not in rings[0].niks
    assert (rings[0].links[0].kind, rings[0].links[0].niks) == (LinkKind.CLIENT, 4)
