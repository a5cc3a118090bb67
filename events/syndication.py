"""Calendar URLs outside Wagtail's page tree (events.urls): the province
feed with its filters in the path or query, one event as an .ics file, and
RSS/Atom of upcoming events. Feeds themselves are built in events.feeds."""

import hashlib
import uuid

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.images import get_image_model

from core.models import OrganisationSettings, Regency

from . import ical
from .feeds import (
    FEED_MAX_AGE,
    FeedQuery,
    conditional,
    feed_title,
    hourly_validators,
    ics_response,
    serve_feed,
    set_validators,
)
from .formatting import rule_of, when
from .models import EventIndexPage, EventPage, EventStatus, Occurrence, is_hidden
from .records import IMAGE_SPEC, image_url, render_ical
from .translation import attach_ical_uids

# Every upcoming event once, up to this many (the demo province has ~45).
RSS_ITEMS = 200


@require_safe
def calendar_feed(request, **fixed):
    """The province feed, narrowed by the calendar's filter parameters (or by
    the one named in the URL path): `?regency=…&category=…&lang=en`."""
    feed = FeedQuery.from_request(request.GET, **fixed)
    return serve_feed(request, feed, EventIndexPage.for_language)


class PictureRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each item's picture as Media RSS `media:content`, which
    feed readers show (an `enclosure` would need the file's length)."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:media": "http://search.yahoo.com/mrss/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("picture"):
            handler.addQuickElement(
                "media:content",
                "",
                {"url": item["picture"], "medium": "image", "type": "image/jpeg"},
            )


class PictureAtomFeed(Atom1Feed):
    """Atom 1.0 with each entry's picture as an enclosure link."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("picture"):
            handler.addQuickElement(
                "link",
                "",
                {"rel": "enclosure", "href": item["picture"], "type": "image/jpeg"},
            )


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
    component = event.ical_component or render_ical(event)
    with translation.override(event.locale.language_code):
        info = ical.FeedInfo(
            name=feed_title(event.title),
            description=event.summary,
            url=event.get_full_url(request) or "",
            uid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ical.UID_DOMAIN}/{uid}")),
        )
    body = ical.join_feed(ical.feed_header(info), [component]).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = ics_response(body, f"{event.slug}.ics")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


class UpcomingEventsFeed(Feed):
    """Every upcoming event once, at its next date (a weekly activity once,
    not every week), province-wide or in one regency (`/events/rss/`,
    `/events/rss/<regency>/`), soonest first or, with `?order=new`, the most
    recently published first; `?lang=en`. At most `RSS_ITEMS` items, each
    with its picture (events.pictures when it has none of its own).

    Conditional requests get 304 like the iCal feeds: the validators are the
    calendar version and the hour (the list moves on as events end)."""

    feed_type = PictureRssFeed

    def __call__(self, request, *args, **kwargs):
        language = FeedQuery.from_request(request.GET).language
        etag, last_modified = hourly_validators(
            language, request.path, self.order(request)
        )
        response = conditional(request, etag, last_modified)
        if response is None:
            with translation.override(language):
                response = super().__call__(request, *args, **kwargs)
        set_validators(response, etag, last_modified)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    @staticmethod
    def order(request) -> str:
        return "new" if request.GET.get("order") == "new" else "soon"

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
        calendar = EventIndexPage.for_language(translation.get_language())
        url = calendar.url if calendar else "/"
        return f"{url}?regency={obj.slug}" if obj is not None else url

    def author_name(self):
        return OrganisationSettings.for_request(self.request).organisation_name

    def author_link(self):
        return self.request.build_absolute_uri("/")

    def description(self, obj):
        return _(
            "Festivals, culture, sport and pavilion activities in Lampung, "
            "Indonesia. Times are Western Indonesia Time (WIB)."
        )

    def items(self, obj):
        rows = Occurrence.objects.visible().filter(month_only=False)
        if obj is not None:
            rows = rows.in_regency(obj)
        renditions = (
            get_image_model()
            .get_rendition_model()
            .objects.filter(filter_spec=IMAGE_SPEC)
        )
        rows = (
            rows.next_of_each_event(timezone.now())
            .for_listing()
            .prefetch_related(Prefetch("event__image__renditions", renditions))
        )
        if self.order(self.request) == "new":
            rows = rows.order_by("-event__first_published_at", "start")
        return attach_ical_uids(list(rows[:RSS_ITEMS]))

    def item_title(self, item):
        prefix = ""
        if item.cancelled or item.event.status == EventStatus.CANCELLED:
            prefix = f"{ical.CANCELLED_PREFIX} "  # in the request's language
        return f"{prefix}{item.event.title} ({when(item)})"

    def item_description(self, item):
        """The summary; for a series, its rule in words first."""
        rule = rule_of(item.event)
        return f"{rule}. {item.event.summary}" if rule else item.event.summary

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
        return [capfirst(str(item.get_category_display()))]

    def item_extra_kwargs(self, item):
        return {"picture": image_url(item.event, item.regency)}


class UpcomingEventsAtomFeed(UpcomingEventsFeed):
    """The same as Atom 1.0."""

    feed_type = PictureAtomFeed
    subtitle = UpcomingEventsFeed.description
