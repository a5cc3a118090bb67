from django.urls import path

from . import feeds

app_name = "events"

urlpatterns = [
    path("events/<uuid:uid>.ics", feeds.event_ics, name="event_ics"),
]
