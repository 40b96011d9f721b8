"""The domain: validated types, offices and their days, bookings, documents, staff, the lottery and
the catalogue of services. Pydantic models and plain values, no I/O; every other room builds on
it (rules, store, logic, api), and it imports none of them.

Its names are importable from here (`from antrean.domain import Booking`); each lives in the
module of its concern:
- types ...... validated strings (Nik, PhoneNumber, RegistrationNumber, ...), checked by
               nik, phone and registration
- catalogue .. the civil-registry services and the documents each needs
- office ..... an office's rules (hours, sessions, quotas, closures)
- day ........ an opened day: its plan, pools and slots
- booking .... a booking, its status, history and queue number; weekly limits
- board ...... the waiting room's board
- delivery ... how a notification's message stands
- documents .. uploads and documents
- staff ...... staff members and audit records
- lottery .... the fair opening's entries
"""

from antrean.domain.board import Board, BoardCall
from antrean.domain.booking import (
    ACTIVE_STATUSES,
    WAITING_STATUSES,
    Booking,
    BookingKind,
    BookingStatus,
    HistoryEntry,
    NewBooking,
    NotifyChannel,
    PlaceRequest,
    Review,
    ReviewItem,
    ReviewProblem,
    ReviewVerdict,
    WeeklyCount,
    queue_number,
)
from antrean.domain.catalogue import CATALOG, RequiredDocument, Service, ServiceCode
from antrean.domain.day import (
    SHARED_POOL,
    WALK_IN_POOL,
    WALK_IN_SESSION,
    FreeSlot,
    OpenedDay,
    PlannedSession,
    Pool,
    Slot,
    SlotState,
)
from antrean.domain.delivery import DeliveryState
from antrean.domain.documents import Document, DocumentEvent, DocumentState, ScanType, UploadTicket
from antrean.domain.lottery import EntryState, LotteryEntry, ScheduledDraw
from antrean.domain.office import Closure, Hours, Office, SessionDef, Weekday
from antrean.domain.priority import PriorityGroup, calling_order, is_elderly
from antrean.domain.staff import NEW_PERSON, AuditRecord, StaffMember, StaffRole
from antrean.domain.types import (
    EmailAddress,
    Nik,
    OfficeId,
    PersonName,
    PhoneNumber,
    Principal,
    PrincipalArn,
    RegistrationNumber,
    SessionCode,
    Username,
    VillageCode,
)

__all__ = [
    "ACTIVE_STATUSES",
    "CATALOG",
    "NEW_PERSON",
    "SHARED_POOL",
    "WAITING_STATUSES",
    "WALK_IN_POOL",
    "WALK_IN_SESSION",
    "AuditRecord",
    "Board",
    "BoardCall",
    "Booking",
    "BookingKind",
    "BookingStatus",
    "Closure",
    "DeliveryState",
    "Document",
    "DocumentEvent",
    "DocumentState",
    "EmailAddress",
    "EntryState",
    "FreeSlot",
    "HistoryEntry",
    "Hours",
    "LotteryEntry",
    "NewBooking",
    "Nik",
    "NotifyChannel",
    "Office",
    "OfficeId",
    "OpenedDay",
    "PersonName",
    "PhoneNumber",
    "PlaceRequest",
    "PlannedSession",
    "Pool",
    "Principal",
    "PrincipalArn",
    "PriorityGroup",
    "RegistrationNumber",
    "RequiredDocument",
    "Review",
    "ReviewItem",
    "ReviewProblem",
    "ReviewVerdict",
    "ScanType",
    "ScheduledDraw",
    "Service",
    "ServiceCode",
    "SessionCode",
    "SessionDef",
    "Slot",
    "SlotState",
    "StaffMember",
    "StaffRole",
    "UploadTicket",
    "Username",
    "VillageCode",
    "Weekday",
    "WeeklyCount",
    "calling_order",
    "is_elderly",
    "queue_number",
]
