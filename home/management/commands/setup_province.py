"""Set the real province up from its facts file (idempotent)."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home.facts import DATA_FILE, ProvinceDataError, read_data
from home.setup import ProvinceSetup


class Command(BaseCommand):
    help = (
        "Set up the province from its facts file: locales, regencies, the home "
        "page, the calendar with one event folder per regency, PKOR Way Halim "
        "and its anjungan, venues, the regency index and brand pages, the roles "
        "with every permission, the moderation workflow and the Site at "
        "SITE_URL; Wagtail's example groups are removed. No events, images or "
        "logins. Safe to run again: it creates what is missing and changes "
        "nothing staff edited."
    )
    # It is what repairs the Site the deployment checks look at.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", type=Path, default=DATA_FILE, help="facts file (JSON)"
        )

    def handle(self, *args, **options):
        try:
            data = read_data(options["data"])
            setup = ProvinceSetup(data, self.stdout)
            setup.setup()
        except (ProvinceDataError, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        call_command("warm_renditions", stdout=self.stdout)
        for note in setup.report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(
            self.style.SUCCESS(
                "Province ready. " + setup.report.summary("nothing (already set up)")
            )
        )
