"""Calendar downloads and subscriptions."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import EventPage


@require_GET
def event_ics(request, uid):
    """One event as an .ics file, for "add to calendar"."""
    from icalendar import Calendar, Event

    event = get_object_or_404(EventPage.objects.live().public(), uid=uid)
    cal = Calendar()
    cal.add("prodid", "-//Agenda Lampung//agenda.lampungprov.go.id//ID")
    cal.add("version", "2.0")
    for span in event.spans():
        vevent = Event()
        vevent.add("uid", f"{event.uid}@{request.get_host()}")
        vevent.add("summary", event.title)
        vevent.add("dtstart", span.start.date() if span.all_day else span.start)
        vevent.add("dtend", span.end.date() if span.all_day else span.end)
        cal.add_component(vevent)
        break
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
