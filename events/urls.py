"""Calendar URLs outside Wagtail's page tree: literal `.ics` names (Wagtail
route segments allow no dots), RSS/Atom and the JSON API, included before
Wagtail's patterns and without a language prefix (feeds take `?lang=en`);
and the embeds for partner sites (`embed_patterns`), pages with a language
prefix like the site's (`/embed/`, `/en/embed/`)."""

from django.urls import path

from . import api, embeds, syndication

app_name = "events"

urlpatterns = [
    path("events/<uuid:uid>.ics", syndication.event_ics, name="event_ics"),
    path("events/lampung.ics", syndication.calendar_feed, name="feed"),
    path(
        "events/regency/<slug:regency>.ics",
        syndication.calendar_feed,
        name="regency_feed",
    ),
    path(
        "events/category/<slug:category>.ics",
        syndication.calendar_feed,
        name="category_feed",
    ),
    path("events/venue/<slug:venue>.ics", syndication.calendar_feed, name="venue_feed"),
    path("events/tag/<str:tag>.ics", syndication.calendar_feed, name="tag_feed"),
    path("events/rss/", syndication.UpcomingEventsFeed(), name="rss"),
    path(
        "events/rss/<slug:regency>/",
        syndication.UpcomingEventsFeed(),
        name="regency_rss",
    ),
    path("events/atom/", syndication.UpcomingEventsAtomFeed(), name="atom"),
    path(
        "events/atom/<slug:regency>/",
        syndication.UpcomingEventsAtomFeed(),
        name="regency_atom",
    ),
    path("api/events/", api.events, name="api_events"),
]

# Included under "embed/" in the language-prefixed patterns, as "embed:…".
embed_patterns = (
    [
        path("", embeds.upcoming, name="upcoming"),
        path("month/", embeds.month, name="this_month"),
        path("<int:year>/<int:month>/", embeds.month, name="month"),
        path("regency/<slug:slug>/", embeds.regency, name="regency"),
        path("anjungan/<slug:slug>/", embeds.pavilion, name="pavilion"),
    ],
    "embed",
)
