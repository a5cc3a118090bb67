"""Scheduled jobs that say when they fail (core.jobs, issue 21): each cron
line runs `run_job NAME`, which records the start, success or error; the
administrators' dashboard and /healthz/jobs name a job that failed or has
not succeeded within its interval."""

import json
import re
import subprocess
import sys
from datetime import timedelta
from io import StringIO

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import jobs
from core.models import JobRecord
from tests.security import report
from tests.security.test_faults import ROOT

QUICK = {
    "sessions": {"command": ["clearsessions"], "within": timedelta(hours=26)},
    "broken": {
        "command": ["build_booklet", "--year", "1900"],
        "within": timedelta(minutes=30),
    },
}


def crontab_jobs() -> list[str]:
    text = (ROOT / "site" / "deploy" / "crontab").read_text()
    lines = [line for line in text.splitlines() if re.match(r"^[\d*]", line)]
    return [re.search(r"/run run_job (\S+)$", line).group(1) for line in lines]


class CrontabTests(TestCase):
    def test_every_cron_line_runs_a_known_job_and_every_job_is_scheduled(self):
        """The crontab and SCHEDULED_JOBS name the same jobs, each line
        through run_job (a line calling a command directly would go
        unrecorded)."""
        self.assertEqual(sorted(crontab_jobs()), sorted(settings.SCHEDULED_JOBS))


@override_settings(SCHEDULED_JOBS=QUICK)
class RunJobTests(TestCase):
    def test_a_success_is_recorded(self):
        call_command("run_job", "sessions", stdout=StringIO())
        record = JobRecord.objects.get(name="sessions")
        self.assertIsNotNone(record.last_succeeded)
        self.assertGreaterEqual(record.last_succeeded, record.last_started)
        self.assertIsNone(record.last_failed)
        self.assertEqual(record.failures_in_a_row, 0)
        self.assertEqual(jobs.states()[0].state, "ok")

    @report.holds(
        "a cron job keeps failing",
        "its error and count recorded, last success kept, shown as failing",
        "error recorded, 2 failures in a row, state failing",
    )
    def test_a_failure_is_recorded_with_its_error_and_raised(self):
        """The command's error is kept with the time and counted; the
        command still fails (cron mails it); the last success is kept."""
        JobRecord.objects.create(
            name="broken", last_succeeded=timezone.now() - timedelta(minutes=10)
        )
        for _run in range(2):
            with self.assertRaises(CommandError):
                call_command("run_job", "broken", stdout=StringIO())
        record = JobRecord.objects.get(name="broken")
        self.assertIn("--year must be between", record.last_error)
        self.assertEqual(record.failures_in_a_row, 2)
        self.assertIsNotNone(record.last_succeeded)
        state = {s.name: s for s in jobs.states()}["broken"]
        self.assertEqual(state.state, "failing")
        self.assertTrue(state.needs_attention)

    def test_an_unknown_job_is_refused_naming_the_known_ones(self):
        with self.assertRaisesMessage(CommandError, "broken, sessions"):
            call_command("run_job", "nope")
        self.assertFalse(JobRecord.objects.exists())

    @report.holds(
        "a cron job stops running",
        "overdue once its interval has passed without a success",
        "overdue at 27 h for a 26 h job, ok before",
    )
    def test_a_job_that_has_not_succeeded_within_its_interval_is_overdue(self):
        now = timezone.now()
        JobRecord.objects.create(
            name="sessions",
            first_started=now - timedelta(days=9),
            last_succeeded=now - timedelta(hours=27),
        )
        state = {s.name: s for s in jobs.states(now)}["sessions"]
        self.assertEqual(state.state, "overdue")
        self.assertEqual(
            {s.name: s.state for s in jobs.states(now - timedelta(hours=2))}[
                "sessions"
            ],
            "ok",
        )

    def test_a_job_that_never_ran_is_judged_from_when_cron_started(self):
        """With no job ever run, cron is not installed: every job needs
        attention. Once cron runs, a job not run yet is fine until its own
        interval has passed."""
        self.assertEqual({s.state for s in jobs.states()}, {"never"})
        now = timezone.now()
        JobRecord.objects.create(
            name="broken",
            first_started=now - timedelta(hours=1),
            last_succeeded=now,
        )
        states = {s.name: s.state for s in jobs.states(now)}
        self.assertEqual(states, {"broken": "ok", "sessions": "not_due"})
        later = now + timedelta(hours=26)
        self.assertEqual(
            {s.name: s.state for s in jobs.states(later)}["sessions"], "never"
        )

    def test_states_read_one_query(self):
        JobRecord.objects.create(name="sessions", last_succeeded=timezone.now())
        with self.assertNumQueries(1):
            jobs.states()


@override_settings(SCHEDULED_JOBS=QUICK)
class JobsHealthTests(TestCase):
    def test_healthy_jobs_answer_200(self):
        now = timezone.now()
        for name in QUICK:
            JobRecord.objects.create(name=name, first_started=now, last_succeeded=now)
        response = self.client.get("/healthz/jobs")
        self.assertEqual(response.status_code, 200)
        body = json.loads(response.content)
        self.assertEqual(body["status"], "ok")
        self.assertEqual(body["jobs"]["sessions"]["state"], "ok")
        self.assertEqual(body["jobs"]["sessions"]["within_seconds"], 26 * 3600)
        self.assertIn("no-cache", response["Cache-Control"])

    def test_a_failing_job_answers_503_naming_it_without_its_error(self):
        """Monitoring learns which job and since when; the error text (hosts,
        paths) stays with the administrators."""
        now = timezone.now()
        JobRecord.objects.create(name="sessions", first_started=now, last_succeeded=now)
        with self.assertRaises(CommandError):
            call_command("run_job", "broken", stdout=StringIO())
        response = self.client.get("/healthz/jobs")
        self.assertEqual(response.status_code, 503)
        body = json.loads(response.content)
        self.assertEqual(body["status"], "attention")
        self.assertEqual(
            body["jobs"]["broken"],
            {"state": "failing", "last_success": None, "within_seconds": 1800},
        )
        self.assertNotIn(b"--year", response.content)


@override_settings(SCHEDULED_JOBS=QUICK)
class JobsPanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", "root@example.org", "x")

    def test_the_dashboard_shows_administrators_a_failing_job_and_its_error(self):
        now = timezone.now()
        JobRecord.objects.create(name="sessions", first_started=now, last_succeeded=now)
        with self.assertRaises(CommandError):
            call_command("run_job", "broken", stdout=StringIO())
        self.client.force_login(self.admin)
        html = self.client.get("/admin/").content.decode()
        with translation.override("id"):
            self.assertIn(gettext("Background jobs need attention"), html)
            self.assertIn(str(jobs.STATE_WORDS["failing"]), html)
        self.assertIn("build_booklet --year 1900", html)
        self.assertIn("--year must be between", html)

    def test_nothing_is_shown_while_every_job_runs_on_time(self):
        now = timezone.now()
        for name in QUICK:
            JobRecord.objects.create(name=name, first_started=now, last_succeeded=now)
        self.client.force_login(self.admin)
        html = self.client.get("/admin/").content.decode()
        self.assertNotIn('id="scheduled-jobs', html)


class RunJobProcessTests(TestCase):
    def test_cron_shape_run_job_exits_non_zero_on_an_unknown_job(self):
        """As cron calls it: a separate process, an exit code cron reports."""
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, str(ROOT / "manage.py"), "run_job", "no_such_job"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("No scheduled job 'no_such_job'", result.stderr)
