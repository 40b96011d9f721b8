"""DynamoDB access: the only package that knows boto3's DynamoDB client, the table's key formats
(keys), its item shapes (items) and its errors (conditions). S3 is reached through `scans`.

One repository per aggregate, all over the one table (table.Table):
`store().offices`, `.days` (opened days and their slots), `.bookings` (claims, changes, cancels,
moves), `.documents`, `.queue` (a day's bookings, the board), `.staff` (staff, villages, audit),
`.reports`, `.service_times` (closed days' service and waiting times), `.lottery`, `.notifications`,
`.complaints`, `.surveys`, `.no_shows` (the no-show rule's records), `.phone_codes` (phone
verification). Writes that commit together are built in `transact`.
"""

from __future__ import annotations

import datetime as dt

import boto3
from botocore.config import Config

from antrean.caches import kept
from antrean.config import settings
from antrean.store.bookings import Bookings
from antrean.store.challenges import Challenges
from antrean.store.complaints import Complaints
from antrean.store.days import Days
from antrean.store.documents import Documents
from antrean.store.lottery import Lottery
from antrean.store.no_shows import NoShows
from antrean.store.notifications import Notifications
from antrean.store.offices import Offices
from antrean.store.phone_codes import PhoneCodes
from antrean.store.queue import Queue
from antrean.store.reports import Reports
from antrean.store.service_times import ServiceTimes
from antrean.store.staff import Staff
from antrean.store.survey import Surveys
from antrean.store.table import Table


class Store:
    """The repositories of the one table."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.offices = Offices(table)
        self.days = Days(table)
        self.bookings = Bookings(table)
        self.challenges = Challenges(table)
        self.documents = Documents(table)
        self.queue = Queue(table)
        self.staff = Staff(table)
        self.reports = Reports(table)
        self.service_times = ServiceTimes(table)
        self.lottery = Lottery(table)
        self.notifications = Notifications(table)
        self.complaints = Complaints(table)
        self.surveys = Surveys(table)
        self.no_shows = NoShows(table)
        self.phone_codes = PhoneCodes(table)


@kept
def store() -> Store:
    """The process's store, created on first use (not at import: keeps cold starts light)."""
    config = Config(
        # Three attempts in all, with jittered backoff (at most 1 s + 2 s of sleeping), and short
        # timeouts: a request that still fails answers 503 Retry-After well inside the API's 10 s,
        # never a gateway timeout. (botocore's `max_attempts` would count retries, not attempts.)
        retries={"mode": "standard", "total_max_attempts": 3},
        connect_timeout=2,
        read_timeout=4,
        # Requests are built here, never from user input, and DynamoDB checks them again: skipping
        # botocore's client-side check saves an eighth of each call's CPU on the booking path.
        parameter_validation=False,
    )
    retention = dt.timedelta(days=settings().booking_retention_days)
    return Store(Table(settings().table_name, boto3.client("dynamodb", config=config), retention))
