"""Embeds for partner sites: the calendar's upcoming list, a month, a
regency's events and an anjungan's programme as small pages another site
puts in an `<iframe>` (`/embed/…`, in English `/en/embed/…`).

They take the calendar's filters (`?regency=`, `?category=`, …), checked as
the feeds check them, and read through the calendar's querysets and list
shapes (events.views); every event links to its page on this site. Any site
may frame them, and they never read or set a cookie
(`core.security.embeddable`). `embed_code` writes the snippet a partner
copies from the "Embed" menu next to "Subscribe".
"""

from datetime import date, timedelta
from urllib.parse import urlencode, urljoin

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.security import embeddable
from core.site_url import root_url

from . import dates
from .feeds import FEED_FILTERS, FeedQuery, feed_filter_form
from .formatting import format_month
from .models import EventIndexPage, Occurrence, PavilionPage
from .models.occurrences import day_start
from .views import day_groups, month_grid, series_entries

# A list embed shows this many dated events and regular activities: enough
# for a sidebar, short enough for a phone (the site has the rest).
EMBED_EVENTS = 8
EMBED_SERIES = 6
# The partner's script that fits a frame to its content (unhashed: partners
# keep the address in their pages for years).
RESIZE_SCRIPT = "js/embed-resize.js"
FRAME_HEIGHT = 600


# The snippet.


def embed_path(filters=None, regency=None, venue=None, month=None) -> str:
    """The path of the embed of a regency (its slug or object), an anjungan
    (its venue), a month (a date in it; this month's embed follows the
    calendar month by month) or else the upcoming list, with the calendar's
    `filters` (a request's GET, say) that apply, in the active language."""
    if regency is not None:
        return reverse("embed:regency", args=[getattr(regency, "slug", regency)])
    if venue is not None:
        return reverse("embed:pavilion", args=[getattr(venue, "slug", venue)])
    params = FeedQuery.from_request(filters or {}).params
    query = f"?{urlencode(params)}" if params else ""
    if month is None:
        return reverse("embed:upcoming") + query
    today = timezone.localdate()
    if (month.year, month.month) == (today.year, today.month):
        return reverse("embed:this_month") + query
    return reverse("embed:month", args=[month.year, month.month]) + query


def embed_code(request, path: str, title: str) -> dict:
    """The embed's absolute address on the site's public root and the HTML
    a partner pastes: the frame, then the optional script that fits its
    height to the content."""
    root = root_url(request)
    url = root + path
    script = urljoin(root + "/", settings.STATIC_URL + RESIZE_SCRIPT)
    code = format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" loading="lazy" '
        'style="border:0"></iframe>\n<script src="{}" defer></script>',
        url,
        title,
        FRAME_HEIGHT,
        script,
    )
    return {"url": url, "code": str(code)}


# The pages.


def _filters(request, **fixed: str):
    """The feed query and validated filter form of an embed's parameters;
    the ones its path fixes win. Only the regency and venue named are read."""
    query = {name: request.GET.get(name, "") for name in FEED_FILTERS}
    feed = FeedQuery.from_request(query, language=get_language() or "", **fixed)
    form = feed_filter_form(feed)
    form.is_valid()
    return feed, form


def _refuse(request, status: int, message: str, form=None) -> TemplateResponse:
    """A short page in the frame saying what is wrong (400, 404): a partner
    who mistyped an address reads why, not a blank frame."""
    errors = []
    if form is not None:
        for name, messages in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            # A message may quote the value: no control character in the page.
            errors += [
                "".join(c if c.isprintable() else "\ufffd" for c in text)
                for text in (f"{label}: {m}" if label else m for m in messages)
            ]
    context = {
        "title": "Agenda Lampung",
        "message": message,
        "errors": errors,
        "more_url": root_url(request) + "/",
    }
    return TemplateResponse(request, "embed/error.html", context, status=status)


def _subtitle(form, *fixed: str) -> str:
    """The filters the partner chose, as the calendar's chips say them."""
    return " · ".join(
        str(form.chip_text(name, value))
        for name, value in form.active_filters().items()
        if name not in fixed
    )


def _calendar_url(request, language: str, params=()) -> str:
    calendar = EventIndexPage.for_language(language)
    url = (calendar.get_full_url(request) if calendar else "") or root_url(request)
    return f"{url}?{urlencode(params)}" if params else url


def _list(request, feed, form, *, title: str, more_url: str, fixed=()):
    """What is coming: the next dated events by day (regular activities
    left out) and each regular activity once with its rule, as the
    calendar's upcoming list has them; a fixed number of queries."""
    now = timezone.now()
    visible = Occurrence.objects.visible(feed.language).filtered(**form.filters())
    coming = visible.upcoming(now)
    dated = list(coming.one_off().for_listing()[:EMBED_EVENTS])
    context = {
        "title": title,
        "subtitle": _subtitle(form, *fixed),
        "more_url": more_url,
        "days": day_groups(dated, timezone.localdate(now)),
        "series": series_entries(
            coming.each_series_once().for_listing()[:EMBED_SERIES]
        ),
        "today": timezone.localdate(now),
    }
    return TemplateResponse(request, "embed/list.html", context)


@require_safe
@embeddable
def upcoming(request):
    """The province's coming events, or those the filters choose."""
    feed, form = _filters(request)
    if not form.is_valid():
        return _refuse(request, 400, _("These filters cannot be used."), form)
    title = _("Upcoming events in Lampung")
    more = _calendar_url(request, feed.language, feed.params)
    return _list(request, feed, form, title=title, more_url=more)


@require_safe
@embeddable
def regency(request, slug):
    """A regency's (or, `provinsi`, the province's own) coming events."""
    feed, form = _filters(request, regency=slug)
    if slug != "provinsi" and slug not in form.regencies:
        return _refuse(request, 404, _("There is no regency or city at this address."))
    if not form.is_valid():
        return _refuse(request, 400, _("These filters cannot be used."), form)
    name = form.chip_text("regency", slug)
    title = _("Upcoming events in %(name)s") % {"name": name}
    more = _calendar_url(request, feed.language, feed.params)
    return _list(request, feed, form, title=title, more_url=more, fixed=("regency",))


def _pavilion(slug: str, language: str):
    """The live anjungan page of the venue `slug` in `language`, else in
    another language, else None."""
    pages = list(
        PavilionPage.objects.live()
        .public()
        .filter(venue__slug=slug)
        .select_related("locale")
        .order_by("pk")
    )
    matching = (p for p in pages if p.locale.language_code == language)
    return next(matching, None) or next(iter(pages), None)


@require_safe
@embeddable
def pavilion(request, slug):
    """An anjungan's programme: what is coming at it."""
    page = _pavilion(slug, get_language() or settings.LANGUAGE_CODE)
    if page is None:
        return _refuse(request, 404, _("There is no anjungan at this address."))
    feed, form = _filters(request, venue=slug)
    if not form.is_valid():
        return _refuse(request, 400, _("These filters cannot be used."), form)
    title = _("Programme of %(name)s") % {"name": page.title}
    more = page.get_full_url(request) or root_url(request)
    return _list(request, feed, form, title=title, more_url=more, fixed=("venue",))


@require_safe
@embeddable
def month(request, year=None, month=None):
    """A month's events by day (this month without `year`): the first few of
    each day as on the month grid, with a link to the rest on the site."""
    today = timezone.localdate()
    if year is None:
        year, month = today.year, today.month
    if not (1 <= month <= 12 and dates.EARLIEST_YEAR <= year <= 2100):
        return _refuse(request, 404, _("This month is not in the calendar."))
    feed, form = _filters(request)
    if not form.is_valid():
        return _refuse(request, 400, _("These filters cannot be used."), form)
    first = date(year, month, 1)
    following = (first + timedelta(days=31)).replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    visible = Occurrence.objects.visible(feed.language).filtered(**form.filters())
    weeks = month_grid(visible, year, month, request, full_urls=True)
    query = f"?{urlencode(feed.params)}" if feed.params else ""
    calendar = EventIndexPage.for_language(feed.language)
    base = (calendar.get_full_url(request) if calendar else "") or ""
    context = {
        "title": _("Events in %(month)s") % {"month": format_month(first)},
        "subtitle": _subtitle(form),
        "days": [d for w in weeks for d in w if d["in_month"] and d["occurrences"]],
        "to_be_announced": list(
            visible.between(day_start(first), day_start(following))
            .filter(month_only=True)
            .for_listing()
        ),
        "previous_month": previous,
        "next_month": following,
        "previous_url": embed_path(dict(feed.params), month=previous),
        "next_url": embed_path(dict(feed.params), month=following),
        "today": today,
        "more_url": (
            base + calendar.reverse_subpage("month", args=[year, month]) + query
            if base
            else root_url(request)
        ),
        "upcoming_url": base,
        "past_url": base + calendar.reverse_subpage("past") if base else "",
        "query_string": urlencode(feed.params),
    }
    return TemplateResponse(request, "embed/month.html", context)
