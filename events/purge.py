"""Purge shared caches (nginx, Varnish, a CDN) of every URL an event shows on.

Wagtail's frontend-cache app purges a published page's own URL. An event also
appears on the calendar's lists, its month and year views, the home page, its
regency's brand page, its venue's pages and the iCal and RSS feeds; those
copies would otherwise live until their `s-maxage` runs out. Feeds and lists
with arbitrary filter parameters cannot be enumerated: they expire by
`s-maxage` (see docs/deployment.md).

events.publishing notes an event's URLs before it replaces the event's stored
occurrences (the months the event occupied until now are read from them), and
has them purged once the change is committed.
"""

from datetime import date

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, Site

from .models import EventIndexPage, EventPage, Occurrence, PavilionPage, VenuePage

# Non-page URLs that list every event, by URL name (skipped until they exist).
LISTING_URL_NAMES = ("events:feed", "events:rss", "events:atom")
REGENCY_URL_NAMES = ("events:regency_feed", "events:regency_rss", "events:regency_atom")


def event_urls(event: EventPage, old_path: str = "") -> set[str]:
    """Absolute URLs whose content changes when `event` is published,
    unpublished, moved or deleted: in every language, since listings in one
    language show events not yet translated into it. None when no frontend
    cache is configured."""
    if not get_backends():
        return set()
    urls: set[str] = set()
    root = _root_url()
    if old_path:
        urls.add(root + old_path)
    months = _months(event)
    for calendar in EventIndexPage.objects.live():
        base = calendar.get_full_url()
        if not base:
            continue
        urls.update({base, base + "past/", base + "month/"})
        for year, month in months:
            urls.add(base + calendar.reverse_subpage("month", args=[year, month]))
        urls.update(_year_urls(calendar, base, {year for year, _month in months}))
    related = Page.objects.live().filter(depth__lte=2).exclude(depth=1)
    urls.update(u for u in (p.get_full_url() for p in related) if u)
    urls.update(_related_page_urls(event))
    urls.update(root + path for path in _reversed(LISTING_URL_NAMES))
    if event.regency_id:
        urls.update(
            root + path for path in _reversed(REGENCY_URL_NAMES, event.regency.slug)
        )
    urls.update(root + path for path in _reversed(("events:event_ics",), event.uid))
    urls.update(
        root + path for path in _reversed(("events:category_feed",), event.category)
    )
    if event.venue_id:
        venues = [event.venue, *([event.venue.parent] if event.venue.parent_id else [])]
        for venue in venues:
            urls.update(
                root + path for path in _reversed(("events:venue_feed",), venue.slug)
            )
    urls.update(root + path for path in _embed_paths(event, months))
    return urls


def _embed_paths(event: EventPage, months) -> set[str]:
    """The partner sites' embeds the event shows on (events.embeds), in
    every language: the upcoming list, this month and the months it
    occupies, its regency's and its anjungan's."""
    names = [("embed:upcoming",), ("embed:this_month",)]
    names += [("embed:month", year, month) for year, month in months]
    names.append(
        ("embed:regency", event.regency.slug if event.regency_id else "provinsi")
    )
    if event.venue_id:
        names.append(("embed:pavilion", event.venue.slug))
    paths = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name, *args in names:
                paths.update(_reversed((name,), *args))
    return paths


def booklet_urls(year: int) -> set[str]:
    """The URLs that show which booklet of `year` is current: its download
    and the year view naming its version, in every calendar. Empty when no
    frontend cache is configured."""
    if not get_backends():
        return set()
    urls: set[str] = set()
    for calendar in EventIndexPage.objects.live():
        base = calendar.get_full_url()
        if base:
            urls.update(_year_urls(calendar, base, {year}))
    return urls


def _year_urls(calendar: EventIndexPage, base: str, years) -> set[str]:
    urls = set()
    for year in years:
        for name in ("year", "booklet"):
            try:
                urls.add(base + calendar.reverse_subpage(name, args=[year]))
            except NoReverseMatch:
                continue
    return urls


def after_commit(urls: set[str]) -> None:
    """Send the purge once the change is committed (and visible), so a request
    in between cannot put the old content back into the cache."""
    if urls:
        # robust: the change is committed whatever the proxy answers; a
        # failed purge is logged and the copies expire by their max-age.
        transaction.on_commit(PurgeBatch(urls).purge, robust=True)


def _months(event: EventPage) -> set[tuple[int, int]]:
    """The (year, month) pairs the event occupies now (its stored
    occurrences) and after this change (its schedule), within the horizon."""
    months = set()
    for start, end in Occurrence.objects.filter(event_id=event.pk).values_list(
        "start", "end"
    ):
        months.update(_span_months(timezone.localdate(start), timezone.localdate(end)))
    if event.live:
        for span in event.spans(through=Occurrence.horizon(timezone.now())):
            months.update(
                _span_months(
                    timezone.localdate(span.start), timezone.localdate(span.end)
                )
            )
    return months


def _span_months(first: date, last: date) -> set[tuple[int, int]]:
    months = set()
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.add((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _related_page_urls(event: EventPage) -> set[str]:
    """The regency's brand page and the venue's pages, in every language."""
    pages = []
    if event.regency_id and apps.is_installed("brands"):
        # By lookup, not import: events must not import brands (STYLE.md).
        pages.extend(Page.objects.live().filter(brandpage__regency_id=event.regency_id))
    if event.venue_id:
        venue_ids = [event.venue_id]
        if event.venue.parent_id:
            venue_ids.append(event.venue.parent_id)
        pages.extend(VenuePage.objects.live().filter(venue_id__in=venue_ids))
        pages.extend(PavilionPage.objects.live().filter(venue_id__in=venue_ids))
    return {u for u in (p.get_full_url() for p in pages) if u}


def _reversed(names, *args) -> list[str]:
    paths = []
    for name in names:
        try:
            paths.append(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return paths


def _root_url() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL


def relative_path(page: Page, url_path: str) -> str:
    """The public path a page had at `url_path` (its tree path), relative to
    its site root."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            prefix = (
                ""
                if root.language_code == settings.LANGUAGE_CODE
                else f"/{root.language_code}"
            )
            return f"{prefix}/{url_path[len(root.root_path) :]}"
    return ""
