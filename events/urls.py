"""Calendar URLs outside Wagtail's page tree: literal `.ics` names (Wagtail
route segments allow no dots), RSS/Atom and the JSON API. Included before
Wagtail's patterns and without a language prefix: feeds take `?lang=en`."""

from django.urls import path

from . import api, feeds

app_name = "events"

urlpatterns = [
    path("events/<uuid:uid>.ics", feeds.event_ics, name="event_ics"),
    path("events/lampung.ics", feeds.calendar_feed, name="feed"),
    path("events/regency/<slug:regency>.ics", feeds.calendar_feed, name="regency_feed"),
    path(
        "events/category/<slug:category>.ics",
        feeds.calendar_feed,
        name="category_feed",
    ),
    path("events/venue/<slug:venue>.ics", feeds.calendar_feed, name="venue_feed"),
    path("events/tag/<str:tag>.ics", feeds.calendar_feed, name="tag_feed"),
    path("events/rss/", feeds.UpcomingEventsFeed(), name="rss"),
    path("events/rss/<slug:regency>/", feeds.UpcomingEventsFeed(), name="regency_rss"),
    path("events/atom/", feeds.UpcomingEventsAtomFeed(), name="atom"),
    path(
        "events/atom/<slug:regency>/",
        feeds.UpcomingEventsAtomFeed(),
        name="regency_atom",
    ),
    path("api/events/", api.events, name="api_events"),
]
