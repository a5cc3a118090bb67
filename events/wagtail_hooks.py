"""Admin for the calendar: the moderators' queue of event submissions and the
clash warning editors see when an activity overlaps another at its venue."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.views.generic import BaseListingView, PermissionCheckedMixin
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.permissions import page_permission_policy

from core.roles import editor_regencies, is_provincial_staff, may_confirm_dates

from . import admin_dates, admin_imports, admin_tags, admin_venues, admin_views
from .admin_views import PlanningPanel
from .dates import CalendarRule
from .formatting import when
from .models import EventPage, Occurrence

MAX_CLASHES_LISTED = 3
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Clash:
    """Another live event overlapping ours at a venue: its first overlapping
    occurrence, and how many of its occurrences overlap ours in all."""

    title: str
    occurrence: Occurrence
    count: int = 1


def find_clashes(event: EventPage, now: datetime) -> list[Clash]:
    """The other live events at the same venue that overlap the coming
    occurrences of `event` (its unsaved or draft state included), each once,
    soonest first.

    An event counts once whatever its languages: the occurrences are read in
    the event's language (else the default one, events.models.occurrences),
    and the event's own other language versions are not "another event".

    One query: the venue's occurrences within the event's coming range,
    compared with its spans here, so a long weekly series costs no more."""
    if not event.venue_id:
        return []
    spans = [
        s
        for s in event.spans(through=Occurrence.horizon(now))
        if s.end > now and not s.cancelled and not s.month_only
    ]
    if not spans:
        return []
    others = (
        Occurrence.objects.for_language(event.locale.language_code)
        .filter(venue_id=event.venue_id, cancelled=False, month_only=False)
        .exclude(translation_key=event.translation_key)
        .between(spans[0].start, max(s.end for s in spans))
        .select_related("event")
        .only(
            "start",
            "end",
            "all_day",
            "month_only",
            "translation_key",
            "event__title",
        )
    )
    first, counts = {}, Counter()
    for other in others:
        for span in spans:
            # Zero-length events (a start time, no end) clash on their start.
            span_end = max(span.end, span.start + _MINUTE)
            other_end = max(other.end, other.start + _MINUTE)
            if other.start < span_end and span.start < other_end:
                first.setdefault(other.translation_key, other)
                counts[other.translation_key] += 1
                break
    return [Clash(o.event.title, o, counts[key]) for key, o in first.items()]


def clash_message(venue, clashes: list[Clash]) -> str:
    """The warning naming the first few clashing events, in the active language."""
    listed = []
    for c in clashes[:MAX_CLASHES_LISTED]:
        values = {"title": c.title, "when": when(c.occurrence), "more": c.count - 1}
        if c.count > 1:
            listed.append(
                ngettext(
                    "“%(title)s” on %(when)s and %(more)s other date",
                    "“%(title)s” on %(when)s and %(more)s other dates",
                    c.count - 1,
                )
                % values
            )
        else:
            listed.append(_("“%(title)s” on %(when)s") % values)
    message = _("Clash at %(venue)s: %(clashes)s.") % {
        "venue": venue,
        "clashes": "; ".join(listed),
    }
    more = len(clashes) - MAX_CLASHES_LISTED
    if more > 0:
        message += " " + _("And %(count)s more.") % {"count": more}
    return message


def warn_about_clashes(request, page):
    """After an editor saves an event: name what else happens at its venue
    at the same time. A warning, not a refusal: anjungan share their space
    on purpose sometimes, and the editor decides.

    Only when a page is shown next: the admin's autosave posts in the
    background (asking for JSON) and shows no messages, so a warning queued
    then would be shown later on top of the next save's own."""
    if not request.accepts("text/html"):
        return
    page = page.specific
    if not isinstance(page, EventPage):
        return
    clashes = find_clashes(page, timezone.now())
    if clashes:
        messages.warning(request, clash_message(page.venue, clashes))


@hooks.register("after_create_page")
def warn_after_create(request, page):
    warn_about_clashes(request, page)


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    warn_about_clashes(request, page)


@dataclass(frozen=True)
class Submission:
    """One row of the moderation queue: a workflow state and the submitted
    version of its event."""

    state: WorkflowState
    event: EventPage

    @property
    def title(self) -> str:
        return self.event.title

    @property
    def regency(self) -> str:
        if self.event.regency_id:
            return self.event.regency.name
        return _("Province of Lampung")

    @property
    def dates(self) -> str:
        spans = self.event.spans()
        if not spans:
            return ""
        text = when(spans[0])
        if len(spans) > 1:
            text += " " + _("(+%(count)s more)") % {"count": len(spans) - 1}
        return text

    @property
    def task(self) -> str:
        task_state = self.state.current_task_state
        return task_state.task.name if task_state else ""

    @property
    def requested_by(self):
        return self.state.requested_by

    @property
    def created_at(self):
        return self.state.created_at


class ModerationQueueView(PermissionCheckedMixin, BaseListingView):
    """Every event submission awaiting review, across all regencies."""

    page_title = gettext_lazy("Events awaiting review")
    header_icon = "tasks"
    permission_policy = page_permission_policy
    permission_required = "publish"
    index_url_name = "events_moderation_queue"
    verbose_name_plural = gettext_lazy("event submissions")
    paginate_by = 50
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Event"),
            get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.event.pk]),
        ),
        Column("regency", label=gettext_lazy("Regency or city")),
        Column("dates", label=gettext_lazy("Dates")),
        UserColumn("requested_by", label=gettext_lazy("Submitted by")),
        DateColumn("created_at", label=gettext_lazy("Submitted")),
        Column("task", label=gettext_lazy("Task")),
    ]

    def get_base_queryset(self):
        return (
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS,
                content_type=ContentType.objects.get_for_model(EventPage),
            )
            .select_related(
                "requested_by",
                "current_task_state__task",
                "current_task_state__revision",
            )
            .order_by("created_at", "pk")
        )

    def get_table(self, object_list):
        rows = []
        for state in object_list:
            task_state = state.current_task_state
            revision = task_state.revision if task_state else None
            # The submitted version: its dates may differ from the live page.
            event = (
                revision.as_object()
                if revision is not None
                else EventPage.objects.get(pk=state.object_id)
            )
            rows.append(Submission(state, event))
        return super().get_table(rows)


class ModerationQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_permission(request.user, "publish")


@hooks.register("register_admin_urls")
def register_moderation_queue_url():
    return [
        path(
            "events/moderation/",
            ModerationQueueView.as_view(),
            name="events_moderation_queue",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_moderation_queue_menu_item():
    return ModerationQueueMenuItem(
        gettext_lazy("Events to review"),
        reverse("events_moderation_queue"),
        icon_name="tasks",
        order=250,
    )


# The annual Calendar of Events (events.admin_views): planning report, exports,
# national nominations, event outcomes, the plan's import and the dashboard panel.


class ProvincialStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_provincial_staff(request.user)


class OutcomesMenuItem(MenuItem):
    """Shown to provincial staff and to regency editors: the outcomes and the
    plan's import, each narrowed to the editor's own regency."""

    def is_shown(self, request):
        return is_provincial_staff(request.user) or bool(editor_regencies(request.user))


@hooks.register("register_admin_urls")
def register_annual_urls():
    return [
        path(
            "events/<int:event_id>/confirm-dates/",
            admin_dates.ConfirmDatesView.as_view(),
            name="events_confirm_dates",
        ),
        path(
            "events/planning/",
            admin_views.PlanningReportView.as_view(),
            name="events_planning_report",
        ),
        path(
            "events/export/",
            admin_views.YearExportView.as_view(),
            name="events_year_export",
        ),
        path(
            "events/nominations/",
            admin_views.KenNominationView.as_view(),
            name="events_ken_nominations",
        ),
        path(
            "events/outcomes/",
            admin_views.OutcomeListView.as_view(),
            name="events_outcomes",
        ),
        path(
            "events/outcomes/<int:event_id>/",
            admin_views.OutcomeEditView.as_view(),
            name="events_outcome_edit",
        ),
        path(
            "events/plan-import/",
            admin_views.PlanImportView.as_view(),
            name="events_plan_import",
        ),
        path(
            "events/plan-import/template/",
            admin_views.PlanTemplateView.as_view(),
            name="events_plan_template",
        ),
        path(
            "events/calendars/",
            admin_imports.SourceListView.as_view(),
            name="events_calendar_sources",
        ),
        path(
            "events/calendars/add/",
            admin_imports.SourceEditView.as_view(),
            name="events_calendar_source_add",
        ),
        path(
            "events/calendars/<int:pk>/",
            admin_imports.SourceEditView.as_view(),
            name="events_calendar_source_edit",
        ),
        path(
            "events/calendars/<int:pk>/delete/",
            admin_imports.SourceDeleteView.as_view(),
            name="events_calendar_source_delete",
        ),
        path(
            "events/calendars/<int:pk>/run/",
            admin_imports.SourceRunView.as_view(),
            name="events_calendar_source_run",
        ),
        path(
            "events/calendars/<int:pk>/upload/",
            admin_imports.SourceUploadView.as_view(),
            name="events_calendar_source_upload",
        ),
        path(
            "events/calendars/<int:pk>/logs/",
            admin_imports.RunListView.as_view(),
            name="events_import_runs",
        ),
        path(
            "events/calendars/logs/<int:pk>/",
            admin_imports.RunView.as_view(),
            name="events_import_run",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_annual_menu():
    from wagtail.admin.menu import Menu, SubmenuMenuItem

    return SubmenuMenuItem(
        gettext_lazy("Calendar of Events"),
        Menu(
            items=[
                ProvincialStaffMenuItem(
                    gettext_lazy("Planning report"),
                    reverse("events_planning_report"),
                    icon_name="list-ul",
                    order=100,
                ),
                ProvincialStaffMenuItem(
                    gettext_lazy("Export the year's events"),
                    reverse("events_year_export"),
                    icon_name="download",
                    order=200,
                ),
                ProvincialStaffMenuItem(
                    gettext_lazy("National nominations (KEN)"),
                    reverse("events_ken_nominations"),
                    icon_name="pick",
                    order=300,
                ),
                OutcomesMenuItem(
                    gettext_lazy("Event outcomes"),
                    reverse("events_outcomes"),
                    icon_name="form",
                    order=400,
                ),
                OutcomesMenuItem(
                    gettext_lazy("Import plan (XLSX)"),
                    reverse("events_plan_import"),
                    icon_name="upload",
                    order=500,
                ),
                OutcomesMenuItem(
                    gettext_lazy("Imported calendars"),
                    reverse("events_calendar_sources"),
                    icon_name="calendar",
                    order=600,
                ),
            ]
        ),
        icon_name="date",
        order=260,
    )


class ReviewPanel(Component):
    """Dashboard, in place of Wagtail's "Awaiting your review": the
    submissions waiting longest for the user's review, a few of them, with
    how many there are and a link to the whole queue. Wagtail's panel lists
    every one with several queries each, so a moderator with a backlog would
    land on a slow page; this one makes two queries whatever the backlog."""

    name = "workflow_objects_to_moderate"
    order = 220
    template_name = "events/admin/review_panel.html"
    shown = 10

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        page_id = Cast("workflow_state__object_id", IntegerField())
        states = TaskState.objects.reviewable_by(self.user).filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page)
        )
        oldest = (
            states.select_related("task", "workflow_state__requested_by")
            .annotate(
                page_id=page_id,
                title=Subquery(
                    Page.objects.filter(pk=OuterRef("page_id")).values("draft_title")
                ),
            )
            .order_by("started_at", "pk")[: self.shown]
        )
        rows = list(oldest)
        return {
            "states": rows,
            "count": states.count() if len(rows) == self.shown else len(rows),
            "may_publish": page_permission_policy.user_has_permission(
                self.user, "publish"
            ),
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["states"]:
            return ""
        return render_to_string(
            self.template_name, context, request=parent_context["request"]
        )


@hooks.register("construct_homepage_panels")
def add_planning_panel(request, panels):
    panels.insert(0, PlanningPanel())
    panels[:] = [
        ReviewPanel(request.user)
        if getattr(panel, "name", "") == ReviewPanel.name
        else panel
        for panel in panels
    ]


# Venues (events.admin_venues) and tags (events.admin_tags).
admin_venues.register()
admin_tags.register()


class ConfirmDatesButton(PageMenuItem):
    """In an event's header menu, for moderators, while it has Hijri dates."""

    label = gettext_lazy("Confirm estimated dates")
    icon_name = "date"
    url_name = "events_confirm_dates"

    def is_shown(self, user):
        page = self.page.specific_deferred
        return (
            isinstance(page, EventPage)
            and page.calendar_rule == CalendarRule.HIJRI
            and may_confirm_dates(user, page)
        )


@hooks.register("register_page_header_buttons")
def confirm_dates_header_button(page, user, view_name, next_url=None):
    yield ConfirmDatesButton(page=page, priority=40)


@hooks.register("register_page_listing_more_buttons")
def confirm_dates_listing_button(page, user, next_url=None):
    yield ConfirmDatesButton(page=page, priority=45)
