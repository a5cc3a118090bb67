"""Rebuild the stored occurrences of every live event up to the horizon.

Run daily (cron) so that long series keep reaching `EVENTS_HORIZON_DAYS` ahead
as time passes; publishing, unpublishing, moving and deleting already keep the
table current between runs. Also removes rows left by events that are no
longer live. Safe to run at any time: each batch is one transaction.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.search import rebuild_text
from events import planning
from events.models import EventPage, Occurrence, refresh_statistics
from events.publishing import occurrence_rows, renew_ical
from events.versions import calendar_changed

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the stored occurrences of live events up to the horizon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            type=int,
            default=BATCH,
            help=f"Events rebuilt per transaction (default {BATCH}).",
        )

    def handle(self, *args, batch, **options):
        before = Occurrence.objects.count()
        stale, _ = Occurrence.objects.exclude(
            event__in=EventPage.objects.live()
        ).delete()
        ids = list(EventPage.objects.live().order_by("pk").values_list("pk", flat=True))
        created = 0
        for start in range(0, len(ids), max(batch, 1)):
            chunk = ids[start : start + max(batch, 1)]
            events = EventPage.objects.filter(pk__in=chunk).prefetch_related(
                "exceptions"
            )
            rows = []
            for event in events:
                rows.extend(occurrence_rows(event, exceptions=event.exceptions.all()))
            with transaction.atomic():
                Occurrence.objects.filter(event_id__in=chunk).delete()
                Occurrence.objects.bulk_create(rows, batch_size=2000)
            created += len(rows)
        # A date from another calendar is written out in its VEVENTs up to
        # the horizon (events.ical): the few such events are rendered again
        # as the horizon moves on. Their confirmations are rows of their own,
        # read again here, so a confirmed date stays confirmed. A new date
        # in a feed gives every feed a new version, in every process.
        rewritten = False
        for event in (
            EventPage.objects.live()
            .exclude(calendar_rule="")
            .select_related("venue", "venue__parent", "locale", "regency")
        ):
            rewritten |= renew_ical(event)
        if rewritten:
            calendar_changed()
        # The live pages' search text, from Wagtail's index (core.search):
        # kept by publishing; written again here in case anything went round it.
        rebuild_text()
        # The table was rewritten: fresh statistics for the planner.
        refresh_statistics()
        # The planning report's stored counts, for today.
        planning.recount(timezone.localdate())
        self.stdout.write(
            f"{len(ids)} live events: {created} occurrences "
            f"({created - (before - stale):+d}), {stale} stale removed."
        )
