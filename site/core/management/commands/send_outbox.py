"""Send the e-mails waiting in the outbox (core.outbox)."""

import time

from django.core.management.base import BaseCommand

from core import outbox


class Command(BaseCommand):
    help = (
        "Send the waiting e-mails that are due (cron every minute), retrying "
        "failures with backoff. --watch SECONDS keeps looking."
    )

    def add_arguments(self, parser):
        parser.add_argument("--watch", type=int, default=0, metavar="SECONDS")

    def handle(self, *args, watch, **options):
        while True:
            tally = outbox.deliver()
            if tally:
                self.stdout.write(
                    f"Outbox: {tally['sent']} sent, {tally['retry']} to retry, "
                    f"{tally['failed']} failed."
                )
            if not watch:
                return
            time.sleep(watch)
