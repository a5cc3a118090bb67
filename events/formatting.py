"""Date wording for events in the active language, for pages, feeds, the year
view, the booklet and the exports alike.

Indonesian: "Sabtu, 12 Juli 2027, pukul 19.00 WIB"; English: "Saturday 12 July
2027, 7:00 pm WIB". Multi-day spans and month-only dates get their own forms.

A series is said by its rule ("setiap Sabtu, pukul 09.00–12.00 WIB"), with
its changed dates named ("Sabtu 23 Januari pindah ke Minggu 24 Januari"):
the weekdays come from the rule, never from the dates, so a moved date never
adds a weekday to "every …".
"""

from collections.abc import Sequence
from datetime import date, datetime, time
from html import unescape

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from . import dates


def _indonesian() -> bool:
    return (get_language() or "id").startswith("id")


def format_day(day: date, weekday: bool = True) -> str:
    if _indonesian():
        return date_format(day, "l, j F Y" if weekday else "j F Y")
    return date_format(day, "l j F Y" if weekday else "j F Y")


def _clock(moment: datetime) -> str:
    moment = timezone.localtime(moment)
    if _indonesian():
        return f"{moment:%H.%M}"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


def format_time(start: datetime, end: datetime | None = None) -> str:
    """ "pukul 19.00 WIB" / "7:00 pm WIB", or a range of two times."""
    clock = _clock(start)
    if end is not None and end > start:
        clock = f"{clock}–{_clock(end)}"
    return f"pukul {clock} WIB" if _indonesian() else f"{clock} WIB"


def clock_span(occurrence) -> str:
    """The clock times of an occurrence, short, for a board: "19.00–21.00"
    / "7:00 pm–9:00 pm", or "all day"."""
    if occurrence.all_day:
        return _("all day")
    return f"{_clock(occurrence.start)}–{_clock(occurrence.end)}"


def format_month(day: date) -> str:
    return date_format(day, "F Y")


def when(occurrence) -> str:
    """The date (and time) of one occurrence, as a sentence fragment."""
    start = timezone.localtime(occurrence.start)
    if occurrence.month_only:
        return _("%(month)s, date to be announced") % {
            "month": format_month(start.date())
        }
    last = occurrence.last_day
    if occurrence.all_day:
        if last == start.date():
            return format_day(start.date())
        return day_range(start.date(), last)
    if last == start.date():
        return f"{format_day(start.date())}, {format_time(start, occurrence.end)}"
    return f"{format_day(start.date())}, {format_time(start)} – {format_day(last)}"


def day_range(first: date, last: date) -> str:
    """ "5–7 Juli 2024", "30 Juni – 2 Juli 2024", "30 Desember 2024 – 2 Januari 2025"."""
    if first.year != last.year:
        return f"{format_day(first, False)} – {format_day(last, False)}"
    if first.month != last.month:
        return f"{date_format(first, 'j F')} – {format_day(last, False)}"
    return f"{first.day}–{format_day(last, False)}"


def plain_text(html: str) -> str:
    """Rich text as one plain paragraph per block, for spreadsheets."""
    text = html.replace("</p>", "\n").replace("<br/>", "\n").replace("<br>", "\n")
    lines = [unescape(strip_tags(line)).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


# Schedules in words.


def weekday_name(weekday: int) -> str:
    """ "Sabtu" / "Saturday" for 5 (Monday is 0)."""
    return date_format(date(2024, 1, 1 + weekday), "l")  # 1 January 2024: Monday


def join_words(words: Sequence[str]) -> str:
    """ "Sabtu", "Sabtu dan Minggu", "Senin, Rabu, dan Jumat"."""
    words = list(words)
    if len(words) < 2:
        return "".join(words)
    if len(words) == 2:
        return _("%(first)s and %(second)s") % {"first": words[0], "second": words[1]}
    return _("%(items)s, and %(last)s") % {
        "items": ", ".join(words[:-1]),
        "last": words[-1],
    }


def rule_weekdays(schedule: dates.Schedule) -> tuple[int, ...]:
    """The weekdays a weekly rule repeats on (its start's when none are set)."""
    return tuple(sorted(schedule.weekdays)) or (schedule.start_date.weekday(),)


def rule_words(schedule: dates.Schedule) -> str:
    """The repeat rule of a series: "setiap Sabtu dan Minggu", "every 2 weeks
    on Saturday", "every month on day 15", "every month on the second
    Saturday", "every year". Empty for a one-off event. (Separate messages
    for one and for several: Indonesian has one plural form, and "setiap 1
    bulan" is not said.)"""
    n = schedule.interval
    start = schedule.start_date
    if schedule.frequency == dates.Frequency.WEEKLY:
        days = join_words([weekday_name(d) for d in rule_weekdays(schedule)])
        if n == 1:
            return _("every %(weekdays)s") % {"weekdays": days}
        return _("every %(n)s weeks on %(weekdays)s") % {"n": n, "weekdays": days}
    if schedule.frequency == dates.Frequency.MONTHLY:
        if schedule.monthly_by == dates.MonthlyBy.NTH_WEEKDAY:
            # As the RRULE says it (events.dates): a fifth weekday is the last.
            nth = {
                1: pgettext("weekday of the month", "first"),
                2: pgettext("weekday of the month", "second"),
                3: pgettext("weekday of the month", "third"),
                4: pgettext("weekday of the month", "fourth"),
                5: pgettext("weekday of the month", "last"),
            }[(start.day - 1) // 7 + 1]
            values = {"n": n, "nth": nth, "weekday": weekday_name(start.weekday())}
            if n == 1:
                return _("every month on the %(nth)s %(weekday)s") % values
            return _("every %(n)s months on the %(nth)s %(weekday)s") % values
        if n == 1:
            return _("every month on day %(day)s") % {"day": start.day}
        return _("every %(n)s months on day %(day)s") % {"n": n, "day": start.day}
    if schedule.frequency == dates.Frequency.YEARLY:
        return _("every year") if n == 1 else _("every %(n)s years") % {"n": n}
    return ""


def clock_range(start: time | None, end: time | None) -> str:
    """A rule's times as `format_time` says them; empty for all day."""
    if start is None:
        return ""
    day = date(2024, 1, 1)
    tz = timezone.get_default_timezone()
    begin = datetime.combine(day, start, tz)
    return format_time(begin, datetime.combine(day, end, tz) if end else None)


def short_day(moment: datetime) -> str:
    """ "Sabtu 23 Januari" / "Saturday 23 January"."""
    return date_format(timezone.localtime(moment), "l j F")


def changed_dates(spans: Sequence[dates.Span]) -> list[str]:
    """The moved and cancelled dates among `spans`, each in words."""
    words = []
    for span in spans:
        if span.cancelled:
            words.append(
                _("%(day)s cancelled")
                % {"day": short_day(span.original_start or span.start)}
            )
        elif span.moved and span.original_start is not None:
            to = short_day(span.start)
            if not span.all_day:
                to += ", " + format_time(span.start, span.end)
            words.append(
                _("%(day)s moved to %(new)s")
                % {"day": short_day(span.original_start), "new": to}
            )
    return words


def series_words(
    schedule: dates.Schedule,
    spans: Sequence[dates.Span],
    first: date | None = None,
    last: date | None = None,
) -> str:
    """A series in words: its rule, its times, the days it runs from `first`
    to `last` when given, then its changed dates among `spans`:
    "setiap Sabtu, pukul 09.00–12.00 WIB · 2 Januari – 25 Desember 2027;
    Sabtu 23 Januari pindah ke Minggu 24 Januari, pukul 14.00–17.00 WIB;
    Sabtu 16 Januari dibatalkan"."""
    text = rule_words(schedule)
    clock = clock_range(schedule.start_time, schedule.end_time)
    if clock:
        text += ", " + clock
    if first is not None and last is not None:
        text += " · " + day_range(first, last)
    return "; ".join([text, *changed_dates(spans)])


HIJRI_MONTHS = (
    pgettext_lazy("Hijri month", "Muharram"),
    pgettext_lazy("Hijri month", "Safar"),
    pgettext_lazy("Hijri month", "Rabi al-Awwal"),
    pgettext_lazy("Hijri month", "Rabi al-Akhir"),
    pgettext_lazy("Hijri month", "Jumada al-Ula"),
    pgettext_lazy("Hijri month", "Jumada al-Akhirah"),
    pgettext_lazy("Hijri month", "Rajab"),
    pgettext_lazy("Hijri month", "Shaban"),
    pgettext_lazy("Hijri month", "Ramadan"),
    pgettext_lazy("Hijri month", "Shawwal"),
    pgettext_lazy("Hijri month", "Dhu al-Qadah"),
    pgettext_lazy("Hijri month", "Dhu al-Hijjah"),
)


def other_calendar_words(schedule: dates.Schedule) -> str:
    """A date from another calendar in words: "setiap tahun, 1–6 Syawal
    (kalender Hijriah)", "setiap tahun, tanggal 15 bulan 1 (kalender
    Imlek)", "setiap 210 hari, 10 hari setelah Galungan (Pawukon)"."""
    days = schedule.rule_days
    day = schedule.rule_day or 0
    if schedule.rule == dates.CalendarRule.PAWUKON:
        if day == 0:
            text = _("every 210 days, on Galungan (Pawukon)")
        else:
            text = _("every 210 days, %(days)s days after Galungan (Pawukon)") % {
                "days": day
            }
    else:
        span = f"{day}–{day + days - 1}" if days > 1 else str(day)
        if schedule.rule == dates.CalendarRule.HIJRI:
            month = HIJRI_MONTHS[(schedule.rule_month or 1) - 1]
            text = _("every year, %(days)s %(month)s (Hijri calendar)") % {
                "days": span,
                "month": month,
            }
        else:
            text = _(
                "every year, day %(days)s of month %(month)s (Chinese lunar calendar)"
            ) % {"days": span, "month": schedule.rule_month}
    clock = clock_range(schedule.start_time, schedule.end_time)
    return f"{text}, {clock}" if clock else text


def rule_of(event) -> str:
    """An event's repeating rule and times as listings and feeds give it
    ("Setiap Sabtu, pukul 09.00–11.00 WIB"), its changed dates left to the
    list of dates; "" for an event that does not repeat."""
    schedule = event.schedule(exceptions=(), confirmations=())
    if schedule.by_rule:
        return capfirst(other_calendar_words(schedule))
    return capfirst(series_words(schedule, ())) if schedule.recurring else ""


def dates_words(spans: Sequence[dates.Span], month: date) -> str:
    """Several dates of one month, each with its weekday unless they share
    one, and the usual time once at the end; a date at another time (or
    moved, or cancelled) says so beside it: "Sabtu 2, 9, 16 (dibatalkan)
    Januari 2027, pukul 19.00 WIB"; "Sabtu 16, Minggu 24 (pukul 14.00 WIB,
    pindah dari Sabtu 23 Januari), Sabtu 30 Januari 2027, pukul 19.00 WIB"."""

    def clock(span) -> tuple:
        if span.all_day:
            return ()
        return (
            timezone.localtime(span.start).time(),
            timezone.localtime(span.end).time(),
        )

    clocks = [clock(span) for span in spans]
    usual = max(clocks, key=clocks.count)  # the first of the most frequent
    weekdays = {span.start.weekday() for span in spans}
    labels = []
    for span, its_clock in zip(spans, clocks, strict=True):
        start = timezone.localtime(span.start)
        label = str(start.day)
        if len(weekdays) > 1:
            label = f"{weekday_name(start.weekday())} {label}"
        notes = []
        if its_clock and its_clock != usual:
            notes.append(format_time(span.start, span.end))
        if span.cancelled:
            notes.append(_("cancelled"))
        elif span.moved and span.original_start is not None:
            notes.append(
                _("moved from %(day)s") % {"day": short_day(span.original_start)}
            )
        if notes:
            label += f" ({', '.join(notes)})"
        labels.append(label)
    text = ", ".join(labels) + " " + format_month(month)
    if len(weekdays) == 1:
        text = f"{weekday_name(next(iter(weekdays)))} {text}"
    if usual:
        first = spans[clocks.index(usual)]
        text += ", " + format_time(first.start, first.end)
    return text
