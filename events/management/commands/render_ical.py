"""Render again the stored iCal text of every live event."""

from django.core.management.base import BaseCommand

from events.models import EventPage
from events.publishing import store_ical
from events.versions import calendar_changed


class Command(BaseCommand):
    help = (
        "Render and store the iCal VEVENT text of every live event, then renew "
        "every feed. Run it after a deploy that changes the feeds' format or "
        "the site's host name; publishing keeps the text current otherwise."
    )

    def handle(self, *args, **options):
        events = EventPage.objects.live().select_related(
            "venue", "venue__parent", "locale", "image"
        )
        count = 0
        for event in events.iterator(chunk_size=500):
            store_ical(event)
            count += 1
        calendar_changed()
        self.stdout.write(f"Rendered the iCal text of {count} live events.")
