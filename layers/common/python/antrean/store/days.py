"""Opened days and their slots: opening a day (a lease, then one slot per place), what is free,
and taking free places out of a day (a lowered quota, a closure)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from antrean.domain import FreeSlot, OpenedDay, PlannedSession, Slot, SlotState
from antrean.domain.day import is_priority_pool, normal_pool
from antrean.store import items, keys
from antrean.store.conditions import DayAlreadyOpening, Refused
from antrean.store.table import Table, key_condition

_STATE = {"#state": "state"}
_SLOT_FIELDS = ("session", "place", "pool", "state", "booking", "reopen_at")


@dataclass(frozen=True)
class WaitingPlace:
    """A freed place waiting to reopen, as the REOPEN partition of the free-slot index lists it."""

    reopen_at: dt.datetime
    office_id: str
    day: dt.date
    session: str
    pool: str
    place: int


class Days:
    def __init__(self, table: Table) -> None:
        self.table = table

    def opened(self, office_id: str, first: dt.date, last: dt.date) -> dict[dt.date, OpenedDay]:
        """The days of the range whose slots were written, with the plan each was opened with."""
        if first > last:  # DynamoDB refuses a BETWEEN whose bounds are reversed
            return {}
        found = self.table.partition(keys.opened_days(office_id), between=(first.isoformat(), last.isoformat()))
        return {opened.day: opened for opened in map(items.opened_day_of, found)}

    def begin_opening(
        self,
        office_id: str,
        day: dt.date,
        plan: tuple[PlannedSession, ...],
        now: dt.datetime,
        lease: dt.timedelta,
        walk_ins: int = 0,
    ) -> bool:
        """Take the lease on opening a day. True: the day had never been started, so no slot of it
        exists yet and they may be written in bulk. False: an earlier run started and did not
        finish (its lease ran out): the slots must be written one by one, conditionally.
        Raises DayAlreadyOpening while another run's lease holds."""
        item = {
            **keys.opened_day(office_id, day),
            **items.to_item(
                {
                    "state": items.DAY_OPENING,
                    "plan": items.PLAN.dump_json(plan).decode(),
                    "walk_ins": walk_ins,
                    "lease_until": int((now + lease).timestamp()),
                    "expires_at": self.table.expires_at(day),
                }
            ),
        }
        try:
            old = self.table.put_returning_old(
                item,
                "attribute_not_exists(pk) OR (#state = :opening AND lease_until < :now)",
                ExpressionAttributeNames=_STATE,
                ExpressionAttributeValues={
                    ":opening": items.value(items.DAY_OPENING),
                    ":now": items.value(int(now.timestamp())),
                },
            )
        except Refused as refused:
            raise DayAlreadyOpening(day.isoformat()) from refused
        return old is None

    def write_slots(self, office_id: str, day: dt.date, places: list[FreeSlot], fresh: bool) -> int:
        """Write each place as a free slot of the day. `fresh` (nothing of this day exists and we
        hold the lease) allows batch writes; otherwise each put is conditional, so a slot that was
        claimed meanwhile is never overwritten. Returns the number of slots written."""
        slots = [items.slot_item(office_id, day, slot, self.table.expires_at(day)) for slot in places]
        if fresh:
            self.table.batch_put(slots)
            return len(slots)
        return sum(self.table.put(slot, "attribute_not_exists(pk)") for slot in slots)

    def finish_opening(self, office_id: str, day: dt.date, now: dt.datetime) -> None:
        self.table.update(
            keys.opened_day(office_id, day),
            "SET #state = :open, opened_at = :now REMOVE lease_until",
            ExpressionAttributeNames=_STATE,
            ExpressionAttributeValues={":open": items.value(items.DAY_OPEN), ":now": items.value(now.isoformat())},
        )

    def free_slots(self, office_id: str, day: dt.date, session: str, pool: str, limit: int) -> list[FreeSlot]:
        """Up to `limit` free places of one session and pool, lowest numbers first (an eventually
        consistent read of the sparse index: a slot may already be gone, the claim checks)."""
        found = self.table.query_page(
            **key_condition(keys.free_pk(office_id, day), keys.FREE_INDEX, begins_with=keys.free_prefix(session, pool)),
            ProjectionExpression="free_sk, arrival",  # what a claim needs; less to read and parse
            Limit=limit,
        )
        return [items.free_slot_of(item) for item in found]

    def free_counts(self, office_id: str, day: dt.date) -> Counter[tuple[str, str]]:
        """Free places of a day per (session, pool)."""
        counts: Counter[tuple[str, str]] = Counter()
        for item in self.table.partition(keys.free_pk(office_id, day), keys.FREE_INDEX, ProjectionExpression="free_sk"):
            session, pool, _ = keys.parse_free_sk(item["free_sk"]["S"])
            counts[(session, pool)] += 1
        return counts

    def slots(self, office_id: str, day: dt.date) -> list[Slot]:
        """Every slot of the day with its state (one query of the day's partition)."""
        return [
            items.slot_of(item)
            for item in self.table.partition(
                keys.day(office_id, day),
                begins_with=keys.SLOT_PREFIX,
                ProjectionExpression=", ".join(f"#{name}" for name in _SLOT_FIELDS),
                ExpressionAttributeNames={f"#{name}": name for name in _SLOT_FIELDS},
                ConsistentRead=True,
            )
        ]

    def release_priority(self, office_id: str, day: dt.date) -> int:
        """Every free priority place of the day made a place of its normal pool (`prio:all` ->
        `all`), each by a conditional write (still free, still in the priority pool): a release
        that runs twice, late, or beside claims moves each place once. Returns how many moved."""
        released = 0
        for item in self.table.partition(keys.free_pk(office_id, day), keys.FREE_INDEX, ProjectionExpression="free_sk"):
            session, pool, place = keys.parse_free_sk(item["free_sk"]["S"])
            if not is_priority_pool(pool):
                continue
            released += self.table.update(
                keys.slot(office_id, day, session, place),
                "SET #pool = :normal, free_sk = :free_sk",
                "#state = :free AND #pool = :priority",
                ExpressionAttributeNames={**_STATE, "#pool": "pool"},
                ExpressionAttributeValues={
                    ":normal": items.value(normal_pool(pool)),
                    ":free_sk": items.value(keys.free_sk(session, normal_pool(pool), place)),
                    ":free": items.value(SlotState.FREE.value),
                    ":priority": items.value(pool),
                },
            )
        return released

    def withdraw_slot(self, office_id: str, day: dt.date, session: str, place: int, state: SlotState) -> bool:
        """Take a free place, or one waiting to reopen, out of the day (WITHDRAWN: a lowered quota,
        CLOSED: a closure). False: it was claimed first."""
        return self.table.update(
            keys.slot(office_id, day, session, place),
            "SET #state = :state REMOVE free_pk, free_sk, reopen_at",
            "#state IN (:free, :waiting)",
            ExpressionAttributeNames=_STATE,
            ExpressionAttributeValues={
                ":state": items.value(state.value),
                ":free": items.value(SlotState.FREE.value),
                ":waiting": items.value(SlotState.WAITING.value),
            },
        )

    def due_to_reopen(self, now: dt.datetime) -> list[WaitingPlace]:
        """The places of every office and day waiting to reopen whose time has come by `now`, the
        longest waiting first (one query of the free-slot index's REOPEN partition; eventually
        consistent: one just freed may show at the next run, one just reopened still show)."""
        found = self.table.partition(
            keys.REOPENS, keys.FREE_INDEX, between=keys.due_to_reopen(now), ProjectionExpression="free_sk"
        )
        return [WaitingPlace(*keys.parse_waiting_sk(item["free_sk"]["S"])) for item in found]

    def reopen(self, waiting: WaitingPlace) -> bool:
        """The place free again (back among its day's free slots), if it still waits for this very
        reopen time: a run that is doubled, late, or beside a closure reopens it at most once.
        False: it was reopened (or withdrawn) already."""
        return self.table.update(
            keys.slot(waiting.office_id, waiting.day, waiting.session, waiting.place),
            "SET #state = :free, free_pk = :fpk, free_sk = :fsk REMOVE reopen_at",
            "#state = :waiting AND reopen_at = :at",
            ExpressionAttributeNames=_STATE,
            ExpressionAttributeValues={
                ":free": items.value(SlotState.FREE.value),
                ":waiting": items.value(SlotState.WAITING.value),
                ":at": items.value(keys.reopen_time(waiting.reopen_at)),
                ":fpk": items.value(keys.free_pk(waiting.office_id, waiting.day)),
                ":fsk": items.value(keys.free_sk(waiting.session, waiting.pool, waiting.place)),
            },
        )
