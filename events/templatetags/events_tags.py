"""Template tags of the calendar: date wording (events.formatting), the
"Subscribe" menu of a feed (events.feeds) and the "Embed" menu of the
partner sites' embeds (events.embeds)."""

from datetime import date

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..embeds import embed_code, embed_path
from ..feeds import FEED_FILTERS, feed_title, subscribe_links
from ..formatting import clock_span, format_day, format_month
from ..formatting import when as format_when
from ..models import EventIndexPage

register = template.Library()


@register.simple_tag
def when(occurrence) -> str:
    """The date (and time) of one occurrence, as a sentence fragment."""
    return format_when(occurrence)


@register.simple_tag
def board_time(occurrence) -> str:
    """An occurrence's clock times on a venue's board ("19.00–21.00")."""
    return clock_span(occurrence)


@register.simple_tag
def day_label(day: date) -> str:
    return format_day(day)


@register.filter
def month_label(day: date) -> str:
    return format_month(day)


def _feed_params(regency=None, venue=None, filters=None) -> dict[str, str]:
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
    params = _feed_params(regency, venue, filters)
    language = get_language() or "id"
    return subscribe_links(context["request"], params, language)["url"]


@register.inclusion_tag("components/subscribe.html", takes_context=True)
def subscribe_menu(
    context,
    regency=None,
    venue=None,
    filters=None,
    label="",
    menu_id="subscribe",
    calendar=None,
):
    """The "Subscribe" menu of the same feed as `calendar_feed_url`; its
    help page on `calendar` when the page knows it (else the calendar in
    the active language is looked up)."""
    language = get_language() or "id"
    name = getattr(regency, "name", "") or str(venue or "")
    links = EventIndexPage.feed_links(
        context["request"],
        _feed_params(regency, venue, filters),
        language,
        name=feed_title(name) if name else "",
        calendar=calendar or EventIndexPage.for_language(language),
    )
    return {"feed": links, "label": label or _("Subscribe"), "menu_id": menu_id}


@register.inclusion_tag("components/embed_menu.html", takes_context=True)
def embed_menu(
    context,
    regency=None,
    venue=None,
    filters=None,
    month=None,
    title="",
    label="",
    menu_id="embed",
):
    """The "Embed" menu: the snippet that shows a regency's events, an
    anjungan's programme (`venue`), a `month` or the upcoming list, with the
    calendar's `filters`, on another website; `title` names the frame."""
    path = embed_path(filters=filters, regency=regency, venue=venue, month=month)
    return {
        **embed_code(context["request"], path, title or "Agenda Lampung"),
        "label": label or _("Embed"),
        "menu_id": menu_id,
    }
