"""Build the year's Calendar of Events booklet (PDF) and store it where the
public download URL serves it from, showing progress as it goes."""

import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events import booklet, dates
from events.models import EventIndexPage
from events.planning import default_year, planning_settings


class Command(BaseCommand):
    help = "Build and store the Calendar of Events booklet of a year (PDF)."

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

    def handle(self, *args, year, language, force, output, **options):
        if year is None:
            year = default_year(planning_settings(), timezone.localdate())
        if not dates.EARLIEST_YEAR <= year <= 2100:
            raise CommandError(f"--year must be between {dates.EARLIEST_YEAR} and 2100")
        started = time.perf_counter()
        calendar = EventIndexPage.for_language(language)
        name = booklet.ensure_booklet(
            year,
            language,
            progress=lambda message: self.stdout.write(message),
            force=force,
            calendar_url=(calendar.full_url or "") if calendar else "",
        )
        if output is not None:
            with default_storage.open(name, "rb") as stored:
                output.write_bytes(stored.read())
            self.stdout.write(f"Written to {output}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Booklet {year} ({language}) ready in "
                f"{time.perf_counter() - started:.1f} s: {name}"
            )
        )
