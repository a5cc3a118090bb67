"""Scheduled jobs that say when they fail.

Cron runs each job of `settings.SCHEDULED_JOBS` as `manage.py run_job NAME`
(site/deploy/crontab). `run` records in `JobRecord` when it started, and when
it last succeeded or failed and with what error. `states` judges every job
from those records: a job that has not succeeded within its `within` (its
interval plus a few missed runs) needs attention, and so does one whose last
run failed. The administrators' dashboard lists them with the error, and
`/healthz/jobs` answers 503 for monitoring, naming them without the error.
"""

import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from .models import JobRecord

ERROR_LENGTH = 4000

# What a job's state is called, in the administrators' words.
STATE_WORDS = {
    "ok": _("ran on time"),
    "failing": _("last run failed"),
    "overdue": _("no success within its interval"),
    "never": _("never ran"),
    "not_due": _("not run yet, not due"),
}


@dataclass(frozen=True)
class JobState:
    name: str
    command: str
    within: timedelta
    state: str
    record: JobRecord | None

    @property
    def needs_attention(self) -> bool:
        return self.state not in ("ok", "not_due")

    @property
    def words(self) -> str:
        return STATE_WORDS[self.state]


def scheduled() -> dict[str, dict]:
    return settings.SCHEDULED_JOBS


def run(name: str, stdout=None, stderr=None) -> None:
    """Run the job `name` now, recording its start and its outcome; an
    error is recorded, then raised again (cron mails its output)."""
    job = scheduled()[name]
    started = timezone.now()
    record, _created = JobRecord.objects.get_or_create(
        name=name, defaults={"first_started": started}
    )
    JobRecord.objects.filter(pk=record.pk).update(last_started=started)
    clock = time.perf_counter()
    try:
        call_command(*job["command"], stdout=stdout, stderr=stderr)
    except BaseException as error:
        JobRecord.objects.filter(pk=record.pk).update(
            last_failed=timezone.now(),
            last_error=_error_text(error),
            last_duration=time.perf_counter() - clock,
            failures_in_a_row=F("failures_in_a_row") + 1,
        )
        raise
    JobRecord.objects.filter(pk=record.pk).update(
        last_succeeded=timezone.now(),
        last_duration=time.perf_counter() - clock,
        failures_in_a_row=0,
    )


def _error_text(error: BaseException) -> str:
    lines = traceback.format_exception_only(error)
    return "".join(lines).strip()[:ERROR_LENGTH]


def states(now: datetime | None = None) -> list[JobState]:
    """Every scheduled job and how it stands, in one query. A job that
    never ran needs attention once cron has run any job for longer than
    this one's `within` (or when no job ever ran: cron is not installed)."""
    now = now or timezone.now()
    records = {record.name: record for record in JobRecord.objects.all()}
    starts = [r.first_started for r in records.values() if r.first_started]
    cron_since = min(starts) if starts else None
    result = []
    for name, job in scheduled().items():
        record = records.get(name)
        within = job["within"]
        result.append(
            JobState(
                name=name,
                command=" ".join(job["command"]),
                within=within,
                state=_state(record, within, now, cron_since),
                record=record,
            )
        )
    return result


def _state(record, within, now, cron_since) -> str:
    if record is None or record.last_succeeded is None:
        if record is not None and record.last_failed is not None:
            return "failing"
        if cron_since is not None and now - cron_since <= within:
            return "not_due"
        return "never"
    if record.last_failed and record.last_failed > record.last_succeeded:
        return "failing"
    if now - record.last_succeeded > within:
        return "overdue"
    return "ok"


class JobsPanel(Component):
    """Administrators' dashboard: the scheduled jobs, shown while any of
    them needs attention, each with its state, last success and error."""

    name = "scheduled_jobs"
    order = 10
    template_name = "core/admin/jobs_panel.html"

    def __init__(self):
        self.states = states()

    def render_html(self, parent_context=None):
        if not any(state.needs_attention for state in self.states):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        return {"states": self.states}
