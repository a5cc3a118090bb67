"""iCal feeds, the single-event .ics, and RSS/Atom of upcoming events.

Each event's VEVENT text is rendered by `ical.render_event` when the event is
published and stored in `EventPage.ical_component`. A feed request selects
those texts for the events in its window and joins them between a header and
a footer: no per-event work at request time, and a constant number of queries.

The joined feed is cached under a key holding the calendar's version number
(`CalendarVersion`, bumped by the signal handlers on every publish, unpublish,
move or deletion), the day and the filters; the same key is the ETag, so a
conditional request is answered 304 without building anything.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.http import http_date
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.models import Regency
from core.replicas import pin_public_reads_to_primary

from . import ical
from .forms import EventFilterForm
from .models import (
    CalendarVersion,
    EventCategory,
    EventIndexPage,
    EventPage,
    EventStatus,
    Occurrence,
    Venue,
    day_start,
    is_hidden,
)
from .translation import attach_ical_uids, ical_uid

FEED_FILTERS = ("regency", "category", "venue", "tag", "free", "q", "start", "end")
# Part of every ETag and cache key: raise it when the feed's text changes shape
# so that no client keeps a copy rendered by older code.
FEED_FORMAT = 1
VERSION_KEY = "events:calendar-version"
FEED_CACHE_SECONDS = 24 * 60 * 60
# Calendar apps poll hourly at most; shared caches may keep a feed for a
# quarter of an hour, so a change reaches subscribers within their next poll.
FEED_MAX_AGE = 15 * 60
IMAGE_SPEC = "fill-1200x675|format-jpeg"
RSS_ITEMS = 50


# Rendering one event's stored text.


def event_data(
    event: EventPage,
    *,
    uid: uuid.UUID | None = None,
    language: str | None = None,
    tags: list[str] | None = None,
    exceptions=None,
    with_image: bool = True,
) -> ical.EventData:
    """Adapter from an event page to the plain data `ical` renders. Keyword
    arguments spare the queries when the caller already knows the answers
    (bulk creation)."""
    language = language or event.locale.language_code
    with translation.override(language):
        status_note = ""
        if event.status != EventStatus.SCHEDULED:
            label = capfirst(str(EventStatus(event.status).label))
            status_note = (
                f"{label}: {event.status_reason}" if event.status_reason else label
            )
        details = []
        if event.organiser:
            details.append(f"{_('Organiser')}: {event.organiser}")
        entry = _("Free") if event.is_free else event.price
        if entry:
            details.append(f"{_('Entry')}: {entry}")
        if event.registration_url:
            details.append(f"{_('Registration')}: {event.registration_url}")
        if event.online_url:
            details.append(f"{_('Online')}: {event.online_url}")
        labels = ical.Labels(
            cancelled=capfirst(_("cancelled")),
            moved=capfirst(_("moved")),
            more=_("More information"),
        )
        category = str(EventCategory(event.category).label) if event.category else ""
    if tags is None:
        tags = [tag.name for tag in event.tags.all()]
    venue = event.venue
    place = None
    if venue is not None:
        place = ical.Place(
            name=str(venue),
            address=venue.address,
            latitude=float(venue.latitude) if venue.latitude is not None else None,
            longitude=float(venue.longitude) if venue.longitude is not None else None,
        )
    return ical.EventData(
        uid=str(uid or ical_uid(event)),
        title=event.title,
        summary=event.summary,
        url=event.get_full_url() or "",
        schedule=event.schedule(exceptions),
        status=ical.Status(event.status),
        status_note=status_note,
        sequence=event.sequence,
        created=event.first_published_at,
        last_modified=event.last_published_at,
        place=place,
        online_url=event.online_url,
        categories=tuple(c for c in (capfirst(category), *tags) if c),
        organiser=event.organiser,
        organiser_email=event.contact_email,
        image_url=image_url(event) if with_image else "",
        details=tuple(details),
        labels=labels,
    )


def image_url(event: EventPage) -> str:
    """The absolute URL of the event's image as feeds and the API show it."""
    if not event.image_id:
        return ""
    url = event.image.get_rendition(IMAGE_SPEC).url
    if url.startswith("/"):
        site = event.get_site()
        url = f"{site.root_url}{url}" if site else ""
    return url


def render_component(event: EventPage, **kwargs) -> str:
    """The VEVENT text to store on `event`; empty for an event without a place
    in feeds (a month-only date)."""
    stamp = kwargs.pop("stamp", None) or timezone.now()
    return ical.render_event(event_data(event, **kwargs), stamp)


# The calendar version: validator and cache key of every feed.


def calendar_version() -> tuple[int, datetime]:
    """The calendar's change number and time, from the cache when it has them
    (so a warm feed request touches no table)."""
    state = cache.get(VERSION_KEY)
    if state is None:
        # From the primary even on a public request: a lagging replica's old
        # number would be cached with no expiry.
        row = (
            CalendarVersion.objects.using(DEFAULT_DB_ALIAS)
            .filter(pk=1)
            .values_list("number", "changed_at")
        )
        state = row.first() or (0, datetime(2000, 1, 1, tzinfo=UTC))
        cache.set(VERSION_KEY, state, None)
    return state


def calendar_changed() -> None:
    """Record that what some feed shows may have changed: every feed gets a
    new ETag and cache key."""
    now = timezone.now()
    updated = CalendarVersion.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=now
    )
    if not updated:
        CalendarVersion.objects.get_or_create(
            pk=1, defaults={"number": 1, "changed_at": now}
        )
    pin_public_reads_to_primary()
    cache.delete(VERSION_KEY)
    # A request between this moment and the commit may have cached the old
    # number again; forget it once the change is visible to everyone.
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


# Which events a feed holds.


@dataclass(frozen=True)
class FeedQuery:
    """A feed's identity: its filters (the public calendar's URL parameters)
    and its language."""

    params: tuple[tuple[str, str], ...]
    language: str

    @classmethod
    def from_request(cls, query, language: str = "", **fixed: str) -> "FeedQuery":
        """From a request's GET parameters; `fixed` ones (from the URL path)
        win. Unknown parameters are ignored, so they cannot split the cache."""
        values = {name: (query.get(name) or "").strip() for name in FEED_FILTERS}
        values.update(fixed)
        codes = [code for code, _name in settings.LANGUAGES]
        language = (query.get("lang") or language or settings.LANGUAGE_CODE)[:2]
        if language not in codes:
            language = settings.LANGUAGE_CODE
        return cls(tuple((k, v) for k, v in sorted(values.items()) if v), language)

    @property
    def key(self) -> str:
        text = urlencode([*self.params, ("lang", self.language)])
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    def url(self) -> str:
        """The path of this feed (the province feed URL with parameters)."""
        params = list(self.params)
        if self.language != settings.LANGUAGE_CODE:
            params.append(("lang", self.language))
        path = reverse("events:feed")
        return f"{path}?{urlencode(params)}" if params else path


def feed_window(today: date) -> tuple[datetime, datetime]:
    """The recent past and the coming months a feed covers, from midnight."""
    start = today - timedelta(days=settings.EVENTS_FEED_PAST_DAYS)
    end = today + timedelta(days=settings.EVENTS_FEED_FUTURE_DAYS)
    return day_start(start), day_start(end)


class InvalidFeed(Http404):
    """A filter value that names nothing (an unknown regency, a bad date)."""


def filter_form(feed: FeedQuery) -> EventFilterForm:
    """The public calendar's filter form bound to the feed's filters. Only the
    regency and venue they name are loaded: the form needs no other choice to
    validate, and the province feed then spends no query on it."""
    params = dict(feed.params)
    regencies, venues = [], []
    # A NUL byte cannot name anything, and PostgreSQL refuses it in a query:
    # left unlooked-up, the form refuses it as an unknown choice (400).
    lookup = {name: value for name, value in params.items() if "\x00" not in value}
    if lookup.get("regency", "provinsi") != "provinsi":
        regencies = list(Regency.objects.filter(slug=lookup["regency"]))
    if lookup.get("venue"):
        venues = list(
            Venue.objects.select_related("parent").filter(slug=lookup["venue"])
        )
    return EventFilterForm(params, regencies, venues)


def _filter_form(feed: FeedQuery) -> EventFilterForm:
    form = filter_form(feed)
    if not form.is_valid():
        raise InvalidFeed(form.errors.as_text())
    return form


def feed_events(form: EventFilterForm, language: str, today: date):
    """The live, public events of a feed: those with an occurrence in the
    window that matches the filters, in the language (or, untranslated, in
    the default language). A queryset of `EventPage`."""
    start, end = feed_window(today)
    occurrences = form.apply(Occurrence.objects.public().for_language(language))
    occurrences = occurrences.filter(month_only=False, start__lt=end, end__gt=start)
    return EventPage.objects.filter(
        pk__in=occurrences.order_by().values("event_id")
    ).order_by("start_date", "pk")


def calendar_page(language: str):
    pages = EventIndexPage.objects.live().select_related("locale").order_by("pk")
    return next((p for p in pages if p.locale.language_code == language), None) or next(
        iter(pages), None
    )


def feed_info(form: EventFilterForm, feed: FeedQuery, today: date) -> ical.FeedInfo:
    """Name, description and links of a feed, in its language."""
    data = form.cleaned_data
    with translation.override(feed.language):
        parts = []
        if data.get("regency") == "provinsi":
            parts.append(_("Province of Lampung"))
        elif data.get("regency"):
            parts.append(form.regencies[data["regency"]].name)
        if data.get("category"):
            parts.append(capfirst(str(EventCategory(data["category"]).label)))
        if data.get("venue"):
            parts.append(str(form.venues[data["venue"]]))
        if data.get("tag"):
            parts.append(f"#{data['tag']}")
        if data.get("free"):
            parts.append(_("Free entry only"))
        if data.get("q"):
            parts.append(f"“{data['q']}”")
        if data.get("start") or data.get("end"):
            parts.append(
                "–".join(
                    date_format(d, "j M Y") if d else "…"
                    for d in (data.get("start"), data.get("end"))
                )
            )
        name = "Agenda Lampung" + (f" — {' · '.join(parts)}" if parts else "")
        first = today - timedelta(days=settings.EVENTS_FEED_PAST_DAYS)
        last = today + timedelta(days=settings.EVENTS_FEED_FUTURE_DAYS)
        calendar = calendar_page(feed.language)
        page_url = calendar.get_full_url() if calendar else ""
        if page_url and feed.params:
            page_url = f"{page_url}?{urlencode(feed.params)}"
        description = _(
            "%(name)s: events from %(first)s to %(last)s (the past %(past)s days "
            "and the coming %(months)s months). Times are Western Indonesia Time "
            "(WIB). Cancelled events stay in the feed, marked “[DIBATALKAN]”; "
            "events whose date is not fixed yet are only on the website."
        ) % {
            "name": name,
            "first": date_format(first, "j F Y"),
            "last": date_format(last, "j F Y"),
            "past": settings.EVENTS_FEED_PAST_DAYS,
            "months": feed_months(),
        }
    return ical.FeedInfo(
        name=name,
        description=f"{description} {page_url}".strip(),
        url=page_url,
        uid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ical.UID_DOMAIN}{feed.url()}")),
    )


def feed_months() -> int:
    return round(settings.EVENTS_FEED_FUTURE_DAYS / 30.44)


def feed_filename(feed: FeedQuery) -> str:
    parts = ["agenda-lampung"]
    parts += [slugify(v) for k, v in feed.params if k in ("regency", "venue", "tag")]
    parts += [v for k, v in feed.params if k == "category"]
    if feed.language != settings.LANGUAGE_CODE:
        parts.append(feed.language)
    return "-".join(p for p in parts if p)[:100] + ".ics"


def build_feed(feed: FeedQuery, today: date) -> bytes:
    """The whole feed: header, the stored VEVENT texts, footer. Raises
    `InvalidFeed` for filters that name nothing.

    Works in bytes, one chunk per event, so the peak memory stays about twice
    the feed's size (a joined `str` holding one non-Latin-1 character would
    take two or four bytes per character).
    """
    form = _filter_form(feed)
    header = ical.feed_header(feed_info(form, feed, today))
    texts = (
        feed_events(form, feed.language, today)
        .exclude(ical_component="")
        .values_list("ical_component", flat=True)
    )
    chunks = [header.encode()]
    chunks.extend(text.encode() for text in texts.iterator(chunk_size=2000))
    chunks.append(ical.FOOTER.encode())
    return b"".join(chunks)


# Serving.


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # "inline": a browser shows or hands it to the calendar app; a subscribing
    # app reads the name.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def serve_feed(request, feed: FeedQuery) -> HttpResponse:
    """A feed with validators: 304 when the client's copy is current (nothing
    built), from the cache when warm, else built and cached."""
    number, changed_at = calendar_version()
    today = timezone.localdate()
    tag = f"{FEED_FORMAT}-{number}-{today:%Y%m%d}-{feed.key}"
    etag = f'"{tag}"'
    # The window moves at midnight; a change moves it too.
    last_modified = max(changed_at, day_start(today)).timestamp()
    response = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified)
    )
    if response is None:
        key = f"events:feed:{tag}"
        body = cache.get(key)
        if body is None:
            body = build_feed(feed, today)
            cache.set(key, body, FEED_CACHE_SECONDS)
        response = _ics_response(body, feed_filename(feed))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


@require_safe
def calendar_feed(request, **fixed):
    """The province feed, narrowed by the calendar's filter parameters (or by
    the one named in the URL path): `?regency=…&category=…&lang=en`."""
    return serve_feed(request, FeedQuery.from_request(request.GET, **fixed))


@require_safe
def event_ics(request, uid):
    """One event as an .ics file ("add to calendar"): the same VEVENT text as
    in the feeds."""
    event = get_object_or_404(
        EventPage.objects.live().public().select_related("locale"), uid=uid
    )
    if is_hidden(event):
        raise Http404
    if event.month_only:
        raise Http404("The date of this event is not fixed yet.")
    component = event.ical_component or render_component(event)
    with translation.override(event.locale.language_code):
        info = ical.FeedInfo(
            name=f"Agenda Lampung — {event.title}",
            description=event.summary,
            url=event.get_full_url(request) or "",
            uid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ical.UID_DOMAIN}/{uid}")),
        )
    body = ical.join_feed(ical.feed_header(info), [component]).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = _ics_response(body, f"{event.slug}.ics")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


# Subscribing.


def subscribe_links(
    request, params: dict[str, str], language: str, name: str = "Agenda Lampung"
) -> dict:
    """The addresses of the "Subscribe" menu for a feed: https (copy), webcal
    (Apple Calendar, Outlook desktop), Google Calendar and Outlook.com."""
    feed = FeedQuery.from_request(params, language=language)
    https = request.build_absolute_uri(feed.url())
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "url": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid="
        + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https, "name": name}),
    }


# RSS and Atom.


class UpcomingEventsFeed(Feed):
    """The next occurrence of each upcoming event, province-wide or in one
    regency (`/events/rss/` and `/events/rss/<regency>/`), `?lang=en`."""

    def __call__(self, request, *args, **kwargs):
        language = FeedQuery.from_request(request.GET).language
        with translation.override(language):
            response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    def get_object(self, request, regency=None):
        self.request = request
        if regency is None:
            return None
        return get_object_or_404(Regency, slug=regency)

    def title(self, obj):
        if obj is None:
            return _("Agenda Lampung: upcoming events")
        return _("Agenda Lampung: upcoming events in %(name)s") % {"name": obj.name}

    def link(self, obj):
        calendar = calendar_page(translation.get_language())
        url = calendar.url if calendar else "/"
        return f"{url}?regency={obj.slug}" if obj is not None else url

    def description(self, obj):
        return _(
            "Festivals, culture, sport and pavilion activities in Lampung, "
            "Indonesia. Times are Western Indonesia Time (WIB)."
        )

    def items(self, obj):
        from .views import visible_occurrences

        rows = visible_occurrences().filter(month_only=False)
        if obj is not None:
            rows = rows.in_regency(obj)
        seen, picked = set(), []
        for occ in rows.upcoming(timezone.now()).for_listing()[: RSS_ITEMS * 4]:
            if occ.event_id not in seen:
                seen.add(occ.event_id)
                picked.append(occ)
        return attach_ical_uids(picked[:RSS_ITEMS])

    def item_title(self, item):
        from .templatetags.events_tags import when

        prefix = ""
        if item.cancelled or item.event.status == EventStatus.CANCELLED:
            prefix = f"{ical.CANCELLED_PREFIX} "
        return f"{prefix}{item.event.title} ({when(item)})"

    def item_description(self, item):
        return item.event.summary

    def item_link(self, item):
        return item.event.get_url(self.request) or "/"

    def item_guid(self, item):
        # One GUID per event in every language (?lang=en included).
        return f"urn:uuid:{item.ical_uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.event.first_published_at

    def item_updateddate(self, item):
        return item.event.last_published_at

    def item_categories(self, item):
        return [capfirst(str(EventCategory(item.category).label))]


class UpcomingEventsAtomFeed(UpcomingEventsFeed):
    """The same as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = UpcomingEventsFeed.description


# Benchmark hooks: the three ways of producing the same province feed.


def benchmark_feed(today: date, language: str = "id") -> bytes:
    """Build the province feed as a request does on a cold cache."""
    return build_feed(FeedQuery((), language), today)


def benchmark_inputs(today: date, language: str = "id"):
    """What the two references start from, loaded outside their timing: the
    province feed's events as `ical.EventData` and their stored texts."""
    form = _filter_form(FeedQuery((), language))
    events = list(
        feed_events(form, language, today)
        .select_related("venue", "venue__parent", "locale")
        .prefetch_related("exceptions", "tagged_items__tag")
    )
    data = [
        event_data(
            e,
            uid=e.uid,
            language=e.locale.language_code,
            tags=[t.tag.name for t in e.tagged_items.all()],
            exceptions=list(e.exceptions.all()),
            with_image=False,
        )
        for e in events
    ]
    info = feed_info(form, FeedQuery((), language), today)
    return info, data, [e.ical_component for e in events]


def benchmark_serialise(info: ical.FeedInfo, data, stamp: datetime) -> bytes:
    """Reference: serialise the events with `icalendar` from memory."""
    return ical.serialise_feed(info, data, stamp)


def benchmark_join(info: ical.FeedInfo, texts: list[str]) -> bytes:
    """Reference: join already-rendered texts held in memory."""
    return ical.join_feed(ical.feed_header(info), texts).encode()


# The help page.


def subscribe_help(calendar, request):
    """How to subscribe, in each calendar app, with every feed's address."""
    from django.template.response import TemplateResponse

    from .models import VenuePage

    language = translation.get_language() or settings.LANGUAGE_CODE
    today = timezone.localdate()
    regencies = [
        (regency, subscribe_links(request, {"regency": regency.slug}, language))
        for regency in Regency.objects.order_by("name")
    ]
    categories = [
        (capfirst(str(label)), subscribe_links(request, {"category": code}, language))
        for code, label in EventCategory.choices
    ]
    venue_page = VenuePage.objects.live().select_related("venue").order_by("pk").first()
    venues = []
    if venue_page is not None:
        pkor = venue_page.venue
        venues.append((pkor, subscribe_links(request, {"venue": pkor.slug}, language)))
        venues += [
            (venue, subscribe_links(request, {"venue": venue.slug}, language))
            for venue in pkor.children.order_by("name")
        ]
    context = {
        "page": calendar,
        "self": calendar,
        "province": subscribe_links(request, {}, language),
        "regencies": regencies,
        "categories": categories,
        "venues": venues,
        "first_day": today - timedelta(days=settings.EVENTS_FEED_PAST_DAYS),
        "last_day": today + timedelta(days=settings.EVENTS_FEED_FUTURE_DAYS),
        "past_days": settings.EVENTS_FEED_PAST_DAYS,
        "months": feed_months(),
        "rss_url": request.build_absolute_uri(reverse("events:rss")),
        "atom_url": request.build_absolute_uri(reverse("events:atom")),
        "api_url": request.build_absolute_uri(reverse("events:api_events")),
    }
    return TemplateResponse(request, "events/subscribe_help.html", context)
