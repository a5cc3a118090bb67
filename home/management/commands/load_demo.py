"""Load the demo province (idempotent), optionally with synthetic events."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from home.demo import DATA_FILE, DemoDataError, DemoLoader, read_data
from home.synthetic import generate_events


def non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Load the demo province: the province as setup_province builds it, with "
        "generated pictures, the calendar of events, English pages and, in "
        "development, demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", type=Path, default=DATA_FILE, help="data file (JSON)"
        )
        parser.add_argument(
            "--events",
            type=int,
            default=0,
            metavar="N",
            help="also add N synthetic events (benchmarks)",
        )
        parser.add_argument(
            "--users",
            action="store_true",
            help="create demo logins even when DEBUG is off (never on a public server)",
        )

    def handle(self, *args, **options):
        if options["events"] < 0:
            raise CommandError(f"--events must be 0 or more, not {options['events']}")
        try:
            data = read_data(options["data"])
            loader = DemoLoader(data, timezone.localdate(), self.stdout)
            report = loader.load(with_users=settings.DEBUG or options["users"])
            if options["events"]:
                self.stdout.write(f"Adding {options['events']} synthetic events…")
                generate_events(options["events"], stdout=self.stdout)
        except (DemoDataError, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        call_command("warm_renditions", stdout=self.stdout)
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(
            self.style.SUCCESS(
                "Demo province ready. " + report.summary("nothing (already loaded)")
            )
        )
        if report.logins:
            self.stdout.write("Logins (development only):")
            for username, password, role in report.logins:
                self.stdout.write(f"  {username:24} {password:24} {role}")
