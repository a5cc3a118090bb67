"""iCal feeds: which events a feed holds, and serving it.

Each event's VEVENT text is rendered when the event is published
(events.publishing, from its record in events.records) and stored in
`EventPage.ical_component`. A feed request selects those texts for the events
in its window and joins them between a header and a footer: no per-event work
at request time, and a constant number of queries.

The joined feed is cached under a key holding the calendar's version number
(events.versions, bumped on every publish, unpublish, move or deletion), the
day and the filters; the same key is the ETag, so a conditional request is
answered 304 without building anything. The URLs outside the page tree
(`/events/lampung.ics`, single events, RSS) are in events.syndication.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.formats import date_format
from django.utils.http import http_date
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from core.models import Regency

from . import ical
from .choices import EventCategory
from .forms import EventFilterForm
from .models.occurrences import Occurrence, day_start
from .models.venues import Venue
from .records import event_record
from .versions import calendar_version

FEED_FILTERS = ("regency", "category", "venue", "tag", "free", "q", "start", "end")
# Part of every ETag and cache key: raise it when the feed's text changes shape
# so that no client keeps a copy rendered by older code.
FEED_FORMAT = 1
FEED_CACHE_SECONDS = 24 * 60 * 60
# Calendar apps poll hourly at most; shared caches may keep a feed for a
# quarter of an hour, so a change reaches subscribers within their next poll.
FEED_MAX_AGE = 15 * 60


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


def feed_filter_form(feed: FeedQuery) -> EventFilterForm:
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


def valid_filter_form(feed: FeedQuery) -> EventFilterForm:
    form = feed_filter_form(feed)
    if not form.is_valid():
        raise InvalidFeed(form.errors.as_text())
    return form


def feed_events(form: EventFilterForm, language: str, today: date):
    """The live, public events of a feed: those with an occurrence in the
    window that matches the filters, in the language (or, untranslated, in
    the default language). A queryset of `EventPage`."""
    start, end = feed_window(today)
    occurrences = Occurrence.objects.visible(language).filtered(**form.filters())
    occurrences = occurrences.filter(month_only=False, start__lt=end, end__gt=start)
    return occurrences.events().order_by("start_date", "pk")


def feed_title(*parts: str) -> str:
    """A feed's name: "Agenda Lampung — Lampung Barat · Budaya"."""
    return "Agenda Lampung" + (f" — {' · '.join(parts)}" if parts else "")


def feed_info(
    form: EventFilterForm, feed: FeedQuery, today: date, calendar
) -> ical.FeedInfo:
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
        name = feed_title(*parts)
        first = today - timedelta(days=settings.EVENTS_FEED_PAST_DAYS)
        last = today + timedelta(days=settings.EVENTS_FEED_FUTURE_DAYS)
        page_url = calendar.get_full_url() if calendar else ""
        if page_url and feed.params:
            page_url = f"{page_url}?{urlencode(feed.params)}"
        description = _(
            "%(name)s: events from %(first)s to %(last)s (the past %(past)s days "
            "and the coming %(months)s months). Times are Western Indonesia Time "
            "(WIB). Cancelled events stay in the feed, marked “%(cancelled)s”; "
            "events whose date is not fixed yet are only on the website."
        ) % {
            "cancelled": ical.CANCELLED_PREFIX,
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


def build_feed(feed: FeedQuery, today: date, calendar) -> bytes:
    """The whole feed: header, the stored VEVENT texts, footer. Raises
    `InvalidFeed` for filters that name nothing. `calendar` is the calendar
    page in the feed's language (its address is in the feed's description).

    Works in bytes, one chunk per event, so the peak memory stays about twice
    the feed's size (a joined `str` holding one non-Latin-1 character would
    take two or four bytes per character).
    """
    form = valid_filter_form(feed)
    header = ical.feed_header(feed_info(form, feed, today, calendar))
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


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # "inline": a browser shows or hands it to the calendar app; a subscribing
    # app reads the name.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def serve_feed(request, feed: FeedQuery, calendar_for) -> HttpResponse:
    """A feed with validators: 304 when the client's copy is current (nothing
    built), from the cache when warm, else built and cached. `calendar_for`
    finds the calendar page of a language, asked only when building."""
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
            body = build_feed(feed, today, calendar_for(feed.language))
            cache.set(key, body, FEED_CACHE_SECONDS)
        response = ics_response(body, feed_filename(feed))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


def hourly_validators(*parts: str) -> tuple[str, datetime]:
    """The ETag and Last-Modified of a list of upcoming events (RSS, the
    API): they change with the calendar version, with `parts` (what the
    request asks for) and on the hour, as events end and leave the list."""
    number, changed_at = calendar_version()
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    key = "|".join((str(number), f"{hour:%Y%m%d%H}", *parts))
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    return etag, max(changed_at, hour)


def conditional(request, etag: str, last_modified: datetime):
    """A 304 (or 412) response when the client's copy is current, else None."""
    return get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    )


def set_validators(response, etag: str, last_modified: datetime) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())


# Subscribing.


def subscribe_links(
    request, params: dict[str, str], language: str, name: str = ""
) -> dict:
    """The addresses of the "Subscribe" menu for a feed: https (copy), webcal
    (Apple Calendar, Outlook desktop), Google Calendar and Outlook.com, which
    names the subscription `name` (the feed's title: two subscriptions never
    share one)."""
    feed = FeedQuery.from_request(params, language=language)
    https = request.build_absolute_uri(feed.url())
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "url": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid="
        + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https, "name": name or feed_title()}),
    }


# Benchmark hooks: the three ways of producing the same province feed.


def benchmark_feed(today: date, calendar, language: str = "id") -> bytes:
    """Build the province feed as a request does on a cold cache."""
    return build_feed(FeedQuery((), language), today, calendar)


def benchmark_inputs(today: date, calendar, language: str = "id"):
    """What the two references start from, loaded outside their timing: the
    province feed's events as `ical.EventData` and their stored texts."""
    form = valid_filter_form(FeedQuery((), language))
    events = list(
        feed_events(form, language, today)
        .select_related("venue", "venue__parent", "locale")
        .prefetch_related("exceptions", "tagged_items__tag")
    )
    data = [
        event_record(
            e,
            uid=e.uid,
            language=e.locale.language_code,
            tags=[t.tag.name for t in e.tagged_items.all()],
            exceptions=list(e.exceptions.all()),
            with_image=False,
        ).ical_data()
        for e in events
    ]
    info = feed_info(form, FeedQuery((), language), today, calendar)
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
    language = translation.get_language() or settings.LANGUAGE_CODE
    today = timezone.localdate()
    regencies = [
        (
            regency,
            subscribe_links(
                request, {"regency": regency.slug}, language, feed_title(regency.name)
            ),
        )
        for regency in Regency.objects.order_by("name")
    ]
    categories = [
        (
            capfirst(str(label)),
            subscribe_links(
                request, {"category": code}, language, feed_title(capfirst(str(label)))
            ),
        )
        for code, label in EventCategory.choices
    ]
    # PKOR: the venue that has a live venue page, with its anjungan.
    pkor = Venue.objects.filter(pages__live=True).order_by("pages__pk").first()
    places = [pkor, *pkor.children.order_by("name")] if pkor is not None else []
    venues = [
        (
            venue,
            subscribe_links(
                request, {"venue": venue.slug}, language, feed_title(str(venue))
            ),
        )
        for venue in places
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
        "cancelled_prefix": ical.CANCELLED_PREFIX,
        "postponed_prefix": ical.POSTPONED_PREFIX,
    }
    return TemplateResponse(request, "events/subscribe_help.html", context)
