"""Event schedules: validation and expansion into occurrences.

Pure: plain values in, plain values out. No ORM, no request, no clock. The
recurrence arithmetic is dateutil's RFC 5545 implementation, the same rules a
calendar app applies to the RRULE in our feeds, so the website and the
subscribers compute the same occurrences.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models.enums import TextChoices
from django.utils.translation import gettext_lazy as _

from dateutil import rrule
from hijridate import Hijri
from lunardate import LunarDate

UTC = ZoneInfo("UTC")
# Western Indonesian Time: UTC+7 all year, no daylight saving.
WIB = ZoneInfo("Asia/Jakarta")
# A series runs for at most three years from its start (until or count).
MAX_SERIES_DAYS = 3 * 366
# At most one occurrence a day (weekly on every weekday) over the longest
# series: no series an editor may enter reaches it, so it never cuts one
# short; it bounds the number of times and the expansion of a series without
# end when no horizon is given (callers pass the horizon, `expand`).
MAX_OCCURRENCES = MAX_SERIES_DAYS + 1
MAX_EVENT_DAYS = 62
EARLIEST_YEAR = 2000
LATEST_YEAR_AHEAD = 10


class DomainChoices(TextChoices):
    """The domain's enumerations, with labels for forms and pages. The repr is
    the plain Enum's: an event's stored schedule fingerprint (its iCal
    SEQUENCE, `EventPage.compute_fingerprint`) hashes the schedule's repr."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}: {self.value!r}>"


class Frequency(DomainChoices):
    NONE = "", _("does not repeat")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    YEARLY = "yearly", _("yearly")


class MonthlyBy(DomainChoices):
    DAY_OF_MONTH = "day", _("on the same day of the month")
    NTH_WEEKDAY = "weekday", _("on the same weekday (e.g. second Saturday)")


class ExceptionAction(DomainChoices):
    SKIP = "skip", _("skip (not held, not shown)")
    CANCEL = "cancel", _("cancel (shown as cancelled)")
    MOVE = "move", _("move to another date")


class DatePrecision(DomainChoices):
    EXACT = "exact", _("exact date")
    MONTH = "month", _("month only, date to be announced")


class CalendarRule(DomainChoices):
    """A yearly date fixed in another calendar than the Gregorian one."""

    NONE = "", _("no (Gregorian dates)")
    HIJRI = "hijri", _("Hijri calendar (Umm al-Qura), every year")
    CHINESE = "chinese", _("Chinese lunar calendar, every year")
    PAWUKON = "pawukon", _("Balinese Pawukon (210 days), days after Galungan")


# A Galungan (Buda Kliwon Dungulan, the Pawukon's 74th day) every Pawukon date
# is counted from: Wednesday 23 April 2025, as decreed by the Governor of
# Bali's circular SE Nomor 16 Tahun 2024 on the 2025 Hindu holy days (which
# also gives Galungan 19 November 2025, 210 days on, and Kuningan 3 May and
# 29 November 2025, 10 days after each).
GALUNGAN = date(2025, 4, 23)
PAWUKON_DAYS = 210
RULE_FIELDS = ("rule", "rule_month", "rule_day", "rule_days", "confirmations")
# The ranges an editor may give a rule (the form says them in words).
RULE_MONTHS = range(1, 13)
RULE_DAYS = {
    CalendarRule.HIJRI: range(1, 31),
    CalendarRule.CHINESE: range(1, 31),
    CalendarRule.PAWUKON: range(PAWUKON_DAYS),
}
RULE_MAX_DAYS = 30
# The years the libraries cover (hijridate: 1343–1500 H; lunardate: 1900–2099).
HIJRI_YEARS = range(1343, 1501)
CHINESE_YEARS = range(1900, 2100)


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


@dataclass(frozen=True)
class ScheduleException:
    """One occurrence of a series, identified by its original date, skipped,
    cancelled (still shown, marked) or moved."""

    original_date: date
    action: ExceptionAction
    new_date: date | None = None
    new_start_time: time | None = None
    new_end_time: time | None = None
    reason: str = ""


@dataclass(frozen=True)
class Confirmation:
    """A moderator's decision on one year of a rule whose dates are estimated
    (Hijri: the government's isbat): the computed date shifted by `shift` days
    (-1, 0 or +1). `year` is the rule calendar's year (1447 for 1447 H)."""

    year: int
    shift: int = 0


@dataclass(frozen=True)
class Schedule:
    """When an event happens, as an editor entered it."""

    start_date: date
    start_time: time | None = None
    end_date: date | None = None
    end_time: time | None = None
    month_only: bool = False
    frequency: Frequency = Frequency.NONE
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    monthly_by: MonthlyBy = MonthlyBy.DAY_OF_MONTH
    until: date | None = None
    count: int | None = None
    exceptions: tuple[ScheduleException, ...] = field(default_factory=tuple)
    # A yearly date in another calendar (`rule_dates`): the month and day
    # (for Pawukon: days after Galungan) and how many days it lasts. The
    # start date is then the first day it may fall on; `until` the last.
    rule: CalendarRule = CalendarRule.NONE
    rule_month: int | None = None
    rule_day: int | None = None
    rule_days: int = 1
    confirmations: tuple[Confirmation, ...] = field(default_factory=tuple)

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    def fingerprint_text(self) -> str:
        """The schedule's repr, without the fields of a rule from another
        calendar when it has none: the fingerprints (and so the SEQUENCE) of
        the events stored before those fields existed stay the same."""
        shown = [
            f"{f.name}={getattr(self, f.name)!r}"
            for f in fields(self)
            if self.by_rule or f.name not in RULE_FIELDS
        ]
        return f"{type(self).__qualname__}({', '.join(shown)})"

    @property
    def by_rule(self) -> bool:
        """Whether the dates come from another calendar's yearly rule."""
        return self.rule != CalendarRule.NONE

    @property
    def provisional_rule(self) -> bool:
        """Whether computed dates wait for an official decision: Hijri
        months begin when the new moon is sighted, which the government's
        isbat decides; Chinese lunar and Pawukon dates are computed."""
        return self.rule == CalendarRule.HIJRI

    @property
    def recurring(self) -> bool:
        return self.frequency != Frequency.NONE


@dataclass(frozen=True)
class Span:
    """One occurrence. `end` is exclusive; all-day spans run midnight to midnight."""

    start: datetime
    end: datetime
    all_day: bool
    month_only: bool = False
    original_start: datetime | None = None
    cancelled: bool = False
    moved: bool = False
    note: str = ""
    # A date computed from another calendar's rule: that calendar's year
    # (the iCal UID of the occurrence, the key of its confirmation) and
    # whether it still waits for the official decision.
    rule_year: int | None = None
    provisional: bool = False

    @property
    def last_day(self) -> date:
        """The last calendar day the span touches."""
        return (
            (self.end - timedelta(microseconds=1)).date()
            if self.end > self.start
            else self.start.date()
        )


class ScheduleError(ValueError):
    """A schedule that cannot be saved; `field` names the form field, `code` the rule."""

    def __init__(self, field: str, code: str, **params: object) -> None:
        super().__init__(f"{field}: {code} {params}")
        self.field = field
        self.code = code
        self.params = params


def _first_span(s: Schedule, tz: ZoneInfo) -> tuple[datetime, timedelta]:
    """Start of the first occurrence and the duration every occurrence shares."""
    if s.month_only:
        start_day = s.start_date.replace(day=1)
        last = calendar.monthrange(start_day.year, start_day.month)[1]
        start = datetime.combine(start_day, time(), tz)
        return start, timedelta(days=last)
    end_date = s.end_date or s.start_date
    if s.all_day:
        start = datetime.combine(s.start_date, time(), tz)
        return start, timedelta(days=(end_date - s.start_date).days + 1)
    start = datetime.combine(s.start_date, s.start_time, tz)
    end = datetime.combine(end_date, s.end_time or s.start_time, tz)
    return start, end - start


def validate(s: Schedule, today: date) -> None:
    """Raise ScheduleError for the first rule the schedule breaks."""
    for name, value in (
        ("start_date", s.start_date),
        ("end_date", s.end_date),
        ("until", s.until),
    ):
        if value and not (
            EARLIEST_YEAR <= value.year <= today.year + LATEST_YEAR_AHEAD
        ):
            raise ScheduleError(
                name,
                "year_out_of_range",
                earliest=EARLIEST_YEAR,
                latest=today.year + LATEST_YEAR_AHEAD,
            )
    for exc in s.exceptions:
        if exc.new_date and not (
            EARLIEST_YEAR <= exc.new_date.year <= today.year + LATEST_YEAR_AHEAD
        ):
            raise ScheduleError(
                "exceptions",
                "year_out_of_range",
                earliest=EARLIEST_YEAR,
                latest=today.year + LATEST_YEAR_AHEAD,
                date=exc.original_date,
            )
    if s.by_rule:
        _validate_rule(s)
        return
    if s.rule_month is not None or s.rule_day is not None:
        raise ScheduleError("calendar_rule", "rule_fields_without_rule")
    if s.month_only:
        # Name the field the editor filled in, so the message sits next to it.
        for name, value in (
            ("start_time", s.start_time),
            ("end_date", s.end_date),
            ("end_time", s.end_time),
        ):
            if value is not None:
                raise ScheduleError(name, "month_only_with_times")
        if s.recurring:
            raise ScheduleError("recurrence_frequency", "month_only_recurring")
        return
    if s.end_time is not None and s.start_time is None:
        raise ScheduleError("end_time", "end_time_without_start")
    if s.end_date and s.end_date < s.start_date:
        raise ScheduleError("end_date", "end_before_start")
    _start, duration = _first_span(s, UTC)
    if duration < timedelta(0):
        raise ScheduleError("end_time", "end_time_before_start")
    if duration > timedelta(days=MAX_EVENT_DAYS):
        raise ScheduleError("end_date", "too_long", days=MAX_EVENT_DAYS)
    if not s.recurring:
        if s.exceptions:
            raise ScheduleError("exceptions", "exceptions_without_series")
        return
    if s.interval < 1 or s.interval > 52:
        raise ScheduleError("recurrence_interval", "bad_interval")
    if s.frequency == Frequency.WEEKLY and any(d not in range(7) for d in s.weekdays):
        raise ScheduleError("recurrence_weekdays", "bad_weekday")
    if (
        s.frequency == Frequency.WEEKLY
        and s.weekdays
        and s.start_date.weekday() not in s.weekdays
    ):
        # dateutil would silently drop the start date while RFC 5545 clients
        # count DTSTART as the first occurrence: the site and the feeds would
        # disagree about the first date.
        raise ScheduleError(
            "recurrence_weekdays", "start_not_on_weekday", date=s.start_date
        )
    if not s.until and not s.count:
        raise ScheduleError("recurrence_until", "series_without_end")
    if s.until and s.count:
        # RFC 5545 forbids both in one RRULE.
        raise ScheduleError("recurrence_count", "until_and_count")
    if s.count is not None and not 1 <= s.count <= MAX_OCCURRENCES:
        raise ScheduleError("recurrence_count", "too_many", limit=MAX_OCCURRENCES)
    if s.until and s.until < s.start_date:
        raise ScheduleError("recurrence_until", "until_before_start")
    if s.until and (s.until - s.start_date).days > MAX_SERIES_DAYS:
        raise ScheduleError(
            "recurrence_until", "series_too_long", years=MAX_SERIES_DAYS // 366
        )
    # Within three years a series has at most MAX_OCCURRENCES dates.
    dates = _series_starts(s, UTC, limit=MAX_OCCURRENCES + 1)
    if dates and (dates[-1].date() - s.start_date).days > MAX_SERIES_DAYS:
        raise ScheduleError(
            "recurrence_count", "series_too_long", years=MAX_SERIES_DAYS // 366
        )
    series_days = {d.date() for d in dates}
    seen: set[date] = set()
    for exc in s.exceptions:
        if exc.original_date not in series_days:
            raise ScheduleError(
                "exceptions", "exception_outside_series", date=exc.original_date
            )
        if exc.original_date in seen:
            raise ScheduleError(
                "exceptions", "duplicate_exception", date=exc.original_date
            )
        seen.add(exc.original_date)
        if exc.action != ExceptionAction.MOVE:
            continue
        if not exc.new_date:
            raise ScheduleError(
                "exceptions", "move_without_date", date=exc.original_date
            )
        if s.all_day and (exc.new_start_time or exc.new_end_time):
            raise ScheduleError(
                "exceptions", "move_times_all_day", date=exc.original_date
            )
        if not s.all_day and exc.new_end_time:
            new_start = exc.new_start_time or s.start_time
            if new_start is not None and exc.new_end_time < new_start:
                raise ScheduleError(
                    "exceptions", "move_end_before_start", date=exc.original_date
                )


def _validate_rule(s: Schedule) -> None:
    """The rules of a date from another calendar: a yearly rule of its own,
    so no Gregorian repetition, end date or changed single dates."""
    if s.month_only:
        raise ScheduleError("date_precision", "rule_month_only")
    if s.recurring:
        raise ScheduleError("recurrence_frequency", "rule_with_frequency")
    if s.count is not None:
        raise ScheduleError("recurrence_count", "rule_with_count")
    if s.end_date is not None:
        raise ScheduleError("end_date", "rule_with_end_date")
    if s.exceptions:
        raise ScheduleError("exceptions", "rule_with_exceptions")
    if s.rule != CalendarRule.PAWUKON and (
        s.rule_month is None or s.rule_month not in RULE_MONTHS
    ):
        raise ScheduleError("rule_month", "bad_rule_month")
    days = RULE_DAYS[s.rule]
    if s.rule_day is None or s.rule_day not in days:
        raise ScheduleError(
            "rule_day", "bad_rule_day", first=days.start, last=days.stop - 1
        )
    if not 1 <= s.rule_days <= RULE_MAX_DAYS:
        raise ScheduleError("rule_days", "bad_rule_days", limit=RULE_MAX_DAYS)
    if s.end_time is not None and s.start_time is None:
        raise ScheduleError("end_time", "end_time_without_start")
    if s.until and s.until < s.start_date:
        raise ScheduleError("recurrence_until", "until_before_start")
    _first, duration = _rule_span(s, s.start_date, UTC)
    if duration < timedelta(0):
        raise ScheduleError("end_time", "end_time_before_start")


def _rule_span(s: Schedule, day: date, tz: ZoneInfo) -> tuple[datetime, timedelta]:
    """The start of a rule's occurrence on `day` and its duration: all day
    over `rule_days` days, or from the start time on the first day to the
    end time on the last."""
    last = day + timedelta(days=s.rule_days - 1)
    if s.all_day:
        return datetime.combine(day, time(), tz), timedelta(days=s.rule_days)
    start = datetime.combine(day, s.start_time, tz)
    end = datetime.combine(last, s.end_time or s.start_time, tz)
    return start, end - start


def rule_dates(s: Schedule, last: date) -> list[tuple[int, date]]:
    """The first days of a rule's occurrences from the start date up to
    `last`, computed (before any confirmation), each with the rule
    calendar's year: the Hijri or Chinese year, or for Pawukon the number of
    210-day cycles since the anchoring Galungan. A day that a short month
    lacks (30 Ramadan in a 29-day year) is the day after its 29th."""
    found: list[tuple[int, date]] = []
    offset = timedelta(days=(s.rule_day or 1) - 1)
    if s.rule == CalendarRule.PAWUKON:
        base = GALUNGAN + timedelta(days=s.rule_day or 0)
        cycle = -((base - s.start_date).days // PAWUKON_DAYS)
        while (day := base + timedelta(days=cycle * PAWUKON_DAYS)) <= last:
            found.append((cycle, day))
            cycle += 1
        return found
    if s.rule == CalendarRule.HIJRI:
        years, month_start = HIJRI_YEARS, _hijri_month_start
        # 33 Hijri years last about 32 Gregorian ones: start from a year
        # before the start date's, at the latest.
        year = round((s.start_date.year - 622) * 33 / 32) - 2
    else:
        years, month_start = CHINESE_YEARS, _chinese_month_start
        year = s.start_date.year - 1
    month = s.rule_month or 1
    while year in years:
        day = month_start(year, month) + offset
        if day > last:
            break
        if day >= s.start_date:
            found.append((year, day))
        year += 1
    return found


def _hijri_month_start(year: int, month: int) -> date:
    return Hijri(year, month, 1).to_gregorian()


def _chinese_month_start(year: int, month: int) -> date:
    return LunarDate(year, month, 1).to_solar_date()


def _rule_expand(s: Schedule, tz: ZoneInfo, through: datetime | None) -> list[Span]:
    """The occurrences of a rule up to `through` (the horizon; without it,
    three years from the start) and the until date; a year a moderator
    decided is shifted and confirmed, the others are provisional if the
    rule's are."""
    if through is not None:
        last = through.astimezone(tz).date()
    else:
        last = s.start_date + timedelta(days=MAX_SERIES_DAYS)
    if s.until:
        last = min(last, s.until)
    decided = {c.year: c.shift for c in s.confirmations}
    spans = []
    for year, day in rule_dates(s, last):
        shift = decided.get(year, 0)
        start, duration = _rule_span(s, day + timedelta(days=shift), tz)
        if through is not None and start > through:
            # The horizon is a moment: an evening after it waits, as in a series.
            continue
        spans.append(
            Span(
                start,
                start + duration,
                s.all_day,
                rule_year=year,
                provisional=s.provisional_rule and year not in decided,
            )
        )
    return spans


def rrule_parts(s: Schedule, tz: ZoneInfo = WIB) -> dict[str, object]:
    """The RRULE of a series as iCalendar value parts (for `icalendar.vRecur`).

    UNTIL is a date for all-day series and, for timed ones, the end of the
    last day in UTC: RFC 5545 requires a UTC date-time when DTSTART carries
    a time zone.
    """
    parts: dict[str, object] = {"FREQ": s.frequency.upper()}
    if s.interval > 1:
        parts["INTERVAL"] = s.interval
    days = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    if s.frequency == Frequency.WEEKLY:
        parts["BYDAY"] = [
            days[d] for d in (sorted(s.weekdays) or [s.start_date.weekday()])
        ]
    elif s.frequency == Frequency.MONTHLY:
        if s.monthly_by == MonthlyBy.NTH_WEEKDAY:
            parts["BYDAY"] = [
                f"{_nth_of_month(s.start_date)}{days[s.start_date.weekday()]}"
            ]
        else:
            parts["BYMONTHDAY"] = [s.start_date.day]
    if s.count:
        parts["COUNT"] = s.count
    elif s.until:
        if s.all_day:
            parts["UNTIL"] = s.until
        else:
            parts["UNTIL"] = datetime.combine(s.until, time(23, 59, 59), tz).astimezone(
                UTC
            )
    return parts


def _nth_of_month(day: date) -> int:
    """1..4 for the first to fourth weekday of its kind in the month; -1 for a fifth."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def _series_starts(
    s: Schedule, tz: ZoneInfo, limit: int, through: datetime | None = None
) -> list[datetime]:
    first, _duration = _first_span(s, tz)
    naive_first = first.replace(tzinfo=None)
    kwargs: dict[str, object] = {"dtstart": naive_first, "interval": s.interval}
    if s.frequency == Frequency.WEEKLY:
        rule = rrule.rrule(
            rrule.WEEKLY,
            byweekday=sorted(s.weekdays) or None,
            **kwargs,
            count=s.count,
            until=_until(s, naive_first),
        )
    elif s.frequency == Frequency.MONTHLY:
        if s.monthly_by == MonthlyBy.NTH_WEEKDAY:
            weekday = rrule.weekday(s.start_date.weekday(), _nth_of_month(s.start_date))
            rule = rrule.rrule(
                rrule.MONTHLY,
                byweekday=weekday,
                **kwargs,
                count=s.count,
                until=_until(s, naive_first),
            )
        else:
            rule = rrule.rrule(
                rrule.MONTHLY,
                bymonthday=s.start_date.day,
                **kwargs,
                count=s.count,
                until=_until(s, naive_first),
            )
    else:
        rule = rrule.rrule(
            rrule.YEARLY, **kwargs, count=s.count, until=_until(s, naive_first)
        )
    starts = []
    for start in rule:
        start = start.replace(tzinfo=tz)
        if through is not None and start > through:
            break
        starts.append(start)
        if len(starts) >= limit:
            break
    return starts


def _until(s: Schedule, first: datetime) -> datetime | None:
    if s.count or not s.until:
        return None
    return datetime.combine(s.until, time(23, 59, 59))


def expand(s: Schedule, tz: ZoneInfo, through: datetime | None = None) -> list[Span]:
    """Every occurrence of the schedule starting up to `through` (the
    horizon: all of them when None), in order, exceptions applied.

    Skipped occurrences are left out; cancelled ones are kept and marked; moved
    ones keep their original start for the iCal RECURRENCE-ID. A series is
    expanded in full up to the horizon however many dates it has there (a
    daily one, 731 over 730 days); MAX_OCCURRENCES only bounds a series
    without end expanded without a horizon.
    """
    if s.by_rule:
        return _rule_expand(s, tz, through)
    first, duration = _first_span(s, tz)
    if not s.recurring:
        return [
            Span(
                first,
                first + duration,
                all_day=s.all_day or s.month_only,
                month_only=s.month_only,
            )
        ]
    by_day = {e.original_date: e for e in s.exceptions}
    spans = []
    for start in _series_starts(s, tz, limit=_limit(s, through), through=through):
        exc = by_day.get(start.date())
        if exc is None:
            spans.append(Span(start, start + duration, s.all_day))
        elif exc.action == ExceptionAction.CANCEL:
            spans.append(
                Span(
                    start,
                    start + duration,
                    s.all_day,
                    original_start=start,
                    cancelled=True,
                    note=exc.reason,
                )
            )
        elif exc.action == ExceptionAction.MOVE and exc.new_date:
            # An all-day occurrence moves as a whole day; times would turn it
            # into a day-long span starting mid-morning.
            new_time = None if s.all_day else exc.new_start_time
            new_start = datetime.combine(
                exc.new_date, new_time or start.timetz().replace(tzinfo=None), tz
            )
            if exc.new_end_time and not s.all_day:
                new_end = datetime.combine(exc.new_date, exc.new_end_time, tz)
            else:
                new_end = new_start + duration
            spans.append(
                Span(
                    new_start,
                    new_end,
                    s.all_day,
                    original_start=start,
                    moved=True,
                    note=exc.reason,
                )
            )
    spans.sort(key=lambda span: span.start)
    if through is not None:
        # A date moved past the horizon waits for it, as the others do.
        spans = [span for span in spans if span.start <= through]
    return spans


def _limit(s: Schedule, through: datetime | None) -> int:
    """How many dates to expand at most: those up to the horizon (one a day
    at most, so never a cut within it), else the bound for a series without
    end."""
    if through is None:
        return MAX_OCCURRENCES
    days = (through.date() - s.start_date).days + 1
    return max(days, 1)
