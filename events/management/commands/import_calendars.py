"""Import every active calendar that has an address (events.calendar_import).

Run nightly from cron (`run_job calendars`); each calendar is one run with its
own log in the admin, whatever happens to the others. Exits with an error
when any calendar failed, so the job's state on the administrators'
dashboard says so; the calendars that worked are imported all the same.
"""

from django.core.management.base import BaseCommand, CommandError

from events.calendar_import import run_import
from events.models import CalendarSource


class Command(BaseCommand):
    help = "Import every active calendar that has an address."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=int, help="Import this calendar (its id) only."
        )

    def handle(self, *args, **options):
        sources = CalendarSource.objects.filter(active=True).exclude(url="")
        if options["source"]:
            sources = CalendarSource.objects.filter(pk=options["source"])
        failed = []
        for source in sources.order_by("pk"):
            run = run_import(source)
            if run.error:
                failed.append(f"{source.pk} {source.name}: {run.error}")
            self.stdout.write(
                f"{source.pk} {source.name}: {run.added} added, {run.updated} "
                f"updated, {run.flagged} flagged, {run.refused} refused"
                + (f" ({run.error})" if run.error else "")
            )
        if failed:
            raise CommandError(
                f"{len(failed)} calendar(s) could not be imported: " + "; ".join(failed)
            )
