"""Build the Calendar of Events booklets (PDF) and store them where the
public download URL serves them from, showing progress as it goes. Visitors'
requests never build one: this command does, from cron (`--stale`)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events import booklet, dates, purge
from events.models import EventIndexPage, StoredBooklet
from events.planning import default_year, planning_settings


class Command(BaseCommand):
    help = (
        "Build and store the Calendar of Events booklet of a year (PDF), or "
        "with --stale every booklet that may be out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="The year (default: the planning year, else this year).",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the booklet (default: %(default)s).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build even when the stored booklet is up to date.",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Also write the PDF to this file.",
        )
        parser.add_argument(
            "--stale",
            action="store_true",
            help="Every booklet changed since it was last checked, or asked for "
            "by a visitor and not built yet, and the planning year's, in "
            "every language (what cron runs).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="With --stale: compare every stored booklet with its content, "
            "also those no publish touched (for a nightly run: settings, "
            "templates and deployments change booklets too).",
        )
        parser.add_argument(
            "--watch",
            type=int,
            default=0,
            metavar="SECONDS",
            help="With --stale: keep running, looking again every SECONDS "
            "(for `make run`, where there is no cron).",
        )

    def handle(self, *args, year, language, force, output, stale, watch, **options):
        if stale:
            while True:
                self.build_stale(every=options["all"])
                if not watch:
                    return
                time.sleep(watch)
        if year is None:
            year = default_year(planning_settings(), timezone.localdate())
        if not dates.EARLIEST_YEAR <= year <= 2100:
            raise CommandError(f"--year must be between {dates.EARLIEST_YEAR} and 2100")
        copy = self.build(year, language, force)
        if output is not None:
            with default_storage.open(copy.name, "rb") as stored:
                output.write_bytes(stored.read())
            self.stdout.write(f"Written to {output}")

    def build(self, year, language, force=False):
        started = time.perf_counter()
        calendar = EventIndexPage.for_language(language)
        before = StoredBooklet.objects.built(year, language)
        copy = booklet.ensure_booklet(
            year,
            language,
            progress=lambda message: self.stdout.write(message),
            force=force,
            calendar_url=(calendar.full_url or "") if calendar else "",
        )
        if before is None or copy.built_at != before.built_at:
            # Shared caches (nginx, a CDN) would serve the previous download
            # and the year view naming its date until their max-age ran out.
            purge.after_commit(purge.booklet_urls(year))
        self.stdout.write(
            self.style.SUCCESS(
                f"Booklet {year} ({language}) ready in "
                f"{time.perf_counter() - started:.1f} s: {copy.name}"
            )
        )
        return copy

    def build_stale(self, every=False):
        """Each booklet that may be out of date; one that fails does not
        stop the others, and the run ends in an error naming them."""
        planning = default_year(planning_settings(), timezone.localdate())
        failed = []
        for copy in booklet.stale(years=(planning,), every=every):
            try:
                self.build(copy.year, copy.language)
            except Exception as error:  # noqa: BLE001 - reported, then raised
                self.stderr.write(f"Booklet {copy.year} ({copy.language}): {error!r}")
                failed.append(f"{copy.year} ({copy.language})")
        if failed:
            raise CommandError(f"Booklets not built: {', '.join(failed)}")
