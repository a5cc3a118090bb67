"""Date wording for events in the active language.

Indonesian: "Sabtu, 12 Juli 2027, pukul 19.00 WIB"; English: "Saturday 12 July
2027, 7:00 pm WIB". Multi-day spans and month-only dates get their own forms.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


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


@register.simple_tag
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


@register.simple_tag
def day_label(day: date) -> str:
    return format_day(day)


@register.filter
def month_label(day: date) -> str:
    return format_month(day)


def _feed_params(regency=None, venue=None, filters=None) -> dict[str, str]:
    from ..feeds import FEED_FILTERS

    params = {}
    if filters is not None:
        params = {k: filters.get(k) for k in FEED_FILTERS if filters.get(k)}
    if regency is not None:
        params["regency"] = getattr(regency, "slug", regency)
    if venue is not None:
        params["venue"] = getattr(venue, "slug", venue)
    return params


@register.simple_tag(takes_context=True)
def calendar_feed_url(context, regency=None, venue=None, filters=None) -> str:
    """The absolute address of the iCal feed of a regency, a venue or the
    calendar's current `filters` (the province when none), in the page's
    language: for `<link rel="alternate" type="text/calendar">`."""
    from ..feeds import subscribe_links

    params = _feed_params(regency, venue, filters)
    language = get_language() or "id"
    return subscribe_links(context["request"], params, language)["url"]


@register.inclusion_tag("components/subscribe.html", takes_context=True)
def subscribe_menu(
    context, regency=None, venue=None, filters=None, label="", menu_id="subscribe"
):
    """The "Subscribe" menu of the same feed as `calendar_feed_url`."""
    from ..feeds import calendar_page, subscribe_links

    language = get_language() or "id"
    name = getattr(regency, "name", "") or str(venue or "")
    links = subscribe_links(
        context["request"],
        _feed_params(regency, venue, filters),
        language,
        name=f"Agenda Lampung — {name}" if name else "Agenda Lampung",
    )
    calendar = calendar_page(language)
    if calendar is not None:
        # With the request, Wagtail keeps the site's root paths on it instead
        # of asking the cache again.
        url = calendar.get_url(context["request"])
        links["help"] = url + calendar.reverse_subpage("subscribe_help")
    return {"feed": links, "label": label or _("Subscribe"), "menu_id": menu_id}
