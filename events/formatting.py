"""Date wording for events in the active language, for pages, feeds, the year
view, the booklet and the exports alike.

Indonesian: "Sabtu, 12 Juli 2027, pukul 19.00 WIB"; English: "Saturday 12 July
2027, 7:00 pm WIB". Multi-day spans and month-only dates get their own forms.
"""

from datetime import date, datetime
from html import unescape

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _


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
