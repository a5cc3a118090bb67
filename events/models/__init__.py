"""The calendar's models, one module each: venues, the occurrence table and
its read rules, the event page, the pages that hold events, and outcomes."""

from ..choices import EventCategory
from ..dates import WEEKDAYS, DatePrecision, ExceptionAction, Frequency, MonthlyBy
from ..ical import Status as EventStatus
from .annual import EventOutcome, OutcomeResult, RegencyYearCount
from .booklets import StoredBooklet
from .calendar import EventFolderPage, EventIndexPage, PavilionPage, VenuePage
from .event import (
    DateConfirmation,
    EventException,
    EventPage,
    EventPageQuerySet,
    EventPageTag,
)
from .imports import CalendarSource, ImportedEvent, ImportFlag, ImportRun
from .occurrences import (
    CalendarVersion,
    Occurrence,
    OccurrenceQuerySet,
    day_start,
    hidden_pages,
    is_hidden,
    refresh_statistics,
)
from .venues import Venue

__all__ = [
    "WEEKDAYS",
    "CalendarSource",
    "CalendarVersion",
    "DateConfirmation",
    "DatePrecision",
    "EventCategory",
    "EventException",
    "EventFolderPage",
    "EventIndexPage",
    "EventOutcome",
    "RegencyYearCount",
    "EventPage",
    "EventPageQuerySet",
    "EventPageTag",
    "EventStatus",
    "ExceptionAction",
    "ImportFlag",
    "ImportRun",
    "ImportedEvent",
    "Frequency",
    "MonthlyBy",
    "Occurrence",
    "OccurrenceQuerySet",
    "OutcomeResult",
    "PavilionPage",
    "StoredBooklet",
    "Venue",
    "VenuePage",
    "day_start",
    "hidden_pages",
    "is_hidden",
    "refresh_statistics",
]
