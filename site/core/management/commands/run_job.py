"""Run one scheduled job, recording how it went (core.jobs)."""

from django.core.management.base import BaseCommand, CommandError

from core import jobs


class Command(BaseCommand):
    help = (
        "Run a scheduled job of settings.SCHEDULED_JOBS by its name, as cron "
        "does (site/deploy/crontab), recording its start, success or error "
        "for the administrators' dashboard and /healthz/jobs."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the job's name in SCHEDULED_JOBS")

    def handle(self, *args, name, **options):
        if name not in jobs.scheduled():
            known = ", ".join(sorted(jobs.scheduled()))
            raise CommandError(f"No scheduled job {name!r}; the jobs are: {known}")
        jobs.run(name, stdout=self.stdout, stderr=self.stderr)
