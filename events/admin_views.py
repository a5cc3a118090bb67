"""Admin views of the annual Calendar of Events: the planning report and the
year's exports (provincial staff), the Kharisma Event Nusantara nominations
(provincial staff), the outcomes of past events (each regency's editors for
their own events), next year's plan imported from a spreadsheet (each
regency's editors for their own regency, provincial staff for any), and the
dashboard panel showing the planning cycle."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from wagtail.admin import messages as admin_messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Locale

from core.models import Regency
from core.roles import editor_regencies, is_provincial_staff

from . import annual, dates, exports, plan_import, plan_template, planning
from .forms import filter_form
from .models import EventFolderPage, EventOutcome, EventPage, Occurrence

PREVIEW_ROWS = 100
FORMATS = ("csv", "xlsx")


def year_param(request, default: int) -> int:
    """The `year` query parameter when it is a sensible year, else `default`."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default
    return year if dates.EARLIEST_YEAR <= year <= 2100 else default


def year_choices(today) -> list[int]:
    return list(range(today.year - 3, today.year + 3))


class AnnualAdminView(WagtailAdminTemplateMixin, TemplateView):
    """Base of the views below: who may enter, the year shown, breadcrumbs."""

    header_icon = "date"
    staff_only = True

    def dispatch(self, request, *args, **kwargs):
        self.is_staff = is_provincial_staff(request.user)
        self.regencies = editor_regencies(request.user)
        if not self.is_staff and (self.staff_only or not self.regencies):
            raise PermissionDenied
        self.today = timezone.localdate()
        self.planning = planning.planning_settings(request)
        self.year = year_param(request, self.default_year())
        return super().dispatch(request, *args, **kwargs)

    def default_year(self) -> int:
        return planning.default_year(self.planning, self.today)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            year=self.year,
            years=sorted({*year_choices(self.today), self.year}),
            planning=self.planning,
            # The cycle's year, which the deadline belongs to, whatever year
            # is being viewed.
            planned_year=self.default_year(),
            today=self.today,
        )
        return context


class PlanningReportView(AnnualAdminView):
    """Every regency's submissions for the year by state, and the outcomes
    recorded after the events; regencies that sent nothing stand out."""

    page_title = gettext_lazy("Planning report")
    template_name = "events/admin/planning_report.html"

    def get(self, request, *args, **kwargs):
        rows = planning.planning_report(self.year, self.today)
        total = planning.report_totals(rows)
        fmt = request.GET.get("format")
        if fmt in FORMATS:
            return exports.download(
                exports.PLANNING_COLUMNS,
                exports.planning_rows(self.year, rows, total),
                f"planning-report-{self.year}",
                fmt,
                _("Planning %(year)s") % {"year": self.year},
            )
        missing = [r for r in rows if r.regency is not None and r.nothing_submitted]
        return self.render_to_response(
            self.get_context_data(
                rows=rows,
                total=total,
                missing=missing,
                deadline_days=planning.upcoming_deadline_days(
                    self.planning, self.today
                ),
            )
        )


class YearExportView(AnnualAdminView):
    """The year's public events with the calendar's filters, as CSV or XLSX:
    the same rows as the public year view with the same filters."""

    page_title = gettext_lazy("Export the year's events")
    template_name = "events/admin/year_export.html"

    def get(self, request, *args, **kwargs):
        form = filter_form(request)
        occurrences = Occurrence.objects.visible(settings.LANGUAGE_CODE).filtered(
            **form.filters()
        )
        entries = annual.year_entries(occurrences.in_year(self.year), request)
        fmt = request.GET.get("format")
        if fmt in FORMATS:
            return exports.download(
                exports.YEAR_COLUMNS,
                exports.year_rows(entries),
                f"calendar-of-events-{self.year}",
                fmt,
                _("Events %(year)s") % {"year": self.year},
            )
        params = request.GET.copy()
        params.pop("format", None)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                entries=entries[:PREVIEW_ROWS],
                entry_count=len(entries),
                query_string=params.urlencode(),
                columns=exports.YEAR_COLUMNS,
            )
        )


class KenNominationView(AnnualAdminView):
    """Moderators tick the events proposed for Kharisma Event Nusantara (the
    national calendar) and export the proposal list."""

    page_title = gettext_lazy("Kharisma Event Nusantara nominations")
    template_name = "events/admin/ken_nominations.html"

    def get_events(self):
        regency = self.request.GET.get("regency", "")
        selected = None
        if regency == "provinsi":
            selected = "province"
        elif regency:
            selected = Regency.objects.filter(slug=regency).first()
        events = planning.year_events(self.year, selected)
        if self.request.GET.get("nominated") == "1":
            events = events.filter(ken_nominated=True)
        return events

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt in FORMATS:
            events = planning.year_events(self.year).filter(ken_nominated=True)
            return exports.download(
                exports.KEN_COLUMNS,
                exports.ken_rows(events, request),
                f"ken-nominations-{self.year}",
                fmt,
                _("KEN %(year)s") % {"year": self.year},
            )
        events = list(self.get_events())
        return self.render_to_response(
            self.get_context_data(
                events=events,
                nominated_count=planning.year_events(self.year)
                .filter(ken_nominated=True)
                .count(),
                regencies=Regency.objects.order_by("name"),
                regency=request.GET.get("regency", ""),
                nominated_only=request.GET.get("nominated") == "1",
            )
        )

    def post(self, request, *args, **kwargs):
        shown = _ids(request.POST.getlist("shown"))
        chosen = _ids(request.POST.getlist("nominate")) & shown
        with transaction.atomic():
            # Only the events listed on the page change; no new revision is
            # needed (EventPage.with_content_json keeps the flag).
            EventPage.objects.filter(pk__in=chosen).update(ken_nominated=True)
            EventPage.objects.filter(pk__in=shown - chosen).update(ken_nominated=False)
        messages.success(
            request,
            _("Nominations saved: %(count)s of the listed events are proposed.")
            % {"count": len(chosen)},
        )
        return redirect(request.get_full_path())


def _ids(values) -> set[int]:
    return {int(v) for v in values if str(v).isdigit()}


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = EventOutcome
        fields = ["result", "visitors", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class OutcomeListView(AnnualAdminView):
    """The year's past events of the user's regency (all regencies for
    provincial staff) and whether their outcome has been recorded."""

    page_title = gettext_lazy("Event outcomes")
    template_name = "events/admin/outcomes.html"
    staff_only = False

    def default_year(self) -> int:
        return self.today.year

    def get(self, request, *args, **kwargs):
        events = planning.year_events(self.year).select_related("outcome")
        if not self.is_staff:
            events = events.filter(regency__in=self.regencies)
        rows = []
        for event in events:
            if planning.is_past(event, self.today):
                rows.append(
                    {
                        "event": event,
                        "outcome": getattr(event, "outcome", None),
                        "first_span": event.spans(exceptions=[])[0],
                    }
                )
        return self.render_to_response(
            self.get_context_data(
                rows=rows,
                regency_names=", ".join(r.name for r in self.regencies),
            )
        )


class OutcomeEditView(AnnualAdminView):
    """Record (or correct) what happened at one past event."""

    page_title = gettext_lazy("Record the outcome")
    template_name = "events/admin/outcome_form.html"
    staff_only = False

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(
            EventPage.objects.live().select_related("regency"), pk=kwargs["event_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def check(self):
        allowed = self.is_staff or (
            self.event.regency_id is not None
            and self.event.regency_id in {r.pk for r in self.regencies}
        )
        if not allowed:
            raise PermissionDenied
        return planning.is_past(self.event, self.today)

    def get_page_subtitle(self):
        return self.event.title

    def list_url(self):
        year = planning.event_last_day(self.event).year
        return reverse("events_outcomes") + f"?year={year}"

    def get(self, request, *args, **kwargs):
        if not self.check():
            messages.error(request, _("This event has not taken place yet."))
            return redirect(self.list_url())
        outcome = EventOutcome.objects.filter(event=self.event).first()
        return self.render(OutcomeForm(instance=outcome))

    def post(self, request, *args, **kwargs):
        if not self.check():
            messages.error(request, _("This event has not taken place yet."))
            return redirect(self.list_url())
        outcome = EventOutcome.objects.filter(event=self.event).first()
        form = OutcomeForm(request.POST, instance=outcome)
        if not form.is_valid():
            return self.render(form)
        outcome = form.save(commit=False)
        outcome.event = self.event
        outcome.recorded_by = request.user
        outcome.save()
        messages.success(
            request,
            _("Outcome of “%(title)s” recorded.") % {"title": self.event.title},
        )
        return redirect(self.list_url())

    def render(self, form):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                event=self.event,
                first_span=self.event.spans(exceptions=[])[0],
                list_url=self.list_url(),
            )
        )


PROVINCE = "province"


class PlanImportForm(forms.Form):
    regency = forms.ChoiceField(label=gettext_lazy("Regency or city"))
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        help_text=gettext_lazy(
            "The template filled in: one row per event, at most %(rows)s rows "
            "and %(size)s MB."
        )
        % {"rows": plan_import.MAX_ROWS, "size": plan_import.MAX_BYTES // 2**20},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = choices
        if len(choices) == 1:
            self.fields["regency"].initial = choices[0][0]


class PlanTemplateView(AnnualAdminView):
    """The spreadsheet template of next year's plan (events.plan_import)."""

    staff_only = False

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            plan_template.template_xlsx(), content_type=exports.CONTENT_TYPES["xlsx"]
        )
        filename = f"plan-template-{self.default_year()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class PlanImportView(AnnualAdminView):
    """A regency's plan uploaded as a spreadsheet: every row checked as the
    event form would, then all saved as drafts submitted for moderation, or
    nothing saved and every problem listed. Regency editors import into
    their own regency; provincial staff into any, or the province's folder."""

    page_title = gettext_lazy("Import plan (XLSX)")
    template_name = "events/admin/plan_import.html"
    staff_only = False

    def regency_choices(self) -> list[tuple[str, str]]:
        if self.is_staff:
            regencies = Regency.objects.order_by("name")
            return [
                (PROVINCE, _("Province of Lampung")),
                *((str(r.pk), r.name) for r in regencies),
            ]
        return [(str(r.pk), r.name) for r in self.regencies]

    def folder(self, choice: str) -> EventFolderPage | None:
        folders = EventFolderPage.objects.filter(locale=Locale.get_default())
        if choice == PROVINCE:
            return folders.filter(regency__isnull=True).first()
        return folders.filter(regency_id=int(choice)).first()

    def get(self, request, *args, **kwargs):
        return self.render(PlanImportForm(choices=self.regency_choices()))

    def post(self, request, *args, **kwargs):
        form = PlanImportForm(
            request.POST, request.FILES, choices=self.regency_choices()
        )
        if not form.is_valid():
            return self.render(form)
        folder = self.folder(form.cleaned_data["regency"])
        if folder is None:
            form.add_error("regency", _("This regency has no event folder yet."))
            return self.render(form)
        if not folder.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        try:
            if upload.size > plan_import.MAX_BYTES:
                raise plan_import.PlanFileError(plan_import.too_large_message())
            plan = plan_import.check_plan(upload.read(), folder, request.user)
        except plan_import.PlanFileError as error:
            form.add_error("file", str(error))
            return self.render(form)
        if not plan.is_valid:
            return self.render(form, errors=plan.errors, rows=len(plan.rows))
        events = plan_import.save_plan(plan, folder, request.user)
        buttons = []
        if self.is_staff:
            buttons.append(
                admin_messages.button(
                    reverse("events_moderation_queue"), _("Events to review")
                )
            )
        admin_messages.success(
            request,
            ngettext(
                "%(count)s event of %(regency)s saved and submitted for review.",
                "%(count)s events of %(regency)s saved and submitted for review.",
                len(events),
            )
            % {"count": len(events), "regency": folder.title},
            buttons=buttons,
        )
        # The regency's folder, where the new drafts are listed "in moderation".
        return redirect(reverse("wagtailadmin_explore", args=[folder.pk]))

    def render(self, form, errors=(), rows=0):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                errors=errors,
                rows=rows,
                imported_columns=plan_import.IMPORTED_COLUMNS,
                ignored_columns=plan_import.IGNORED_COLUMNS,
                max_rows=plan_import.MAX_ROWS,
            )
        )


class PlanningPanel(Component):
    """Dashboard: the planning cycle for moderators (every regency) and for
    regency editors (their own regency only)."""

    name = "annual_planning"
    order = 50
    template_name = "events/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        today = timezone.localdate()
        cycle = planning.planning_settings(request)
        year = planning.default_year(cycle, today)
        staff = is_provincial_staff(request.user)
        regencies = None if staff else editor_regencies(request.user)
        if not staff and not regencies:
            return {"shown": False}
        rows = planning.planning_report(year, today, regencies, outcomes=False)
        return {
            "shown": True,
            "staff": staff,
            "year": year,
            "planning": cycle,
            "deadline_days": planning.upcoming_deadline_days(cycle, today),
            "rows": rows,
            "missing": [
                r for r in rows if r.regency is not None and r.nothing_submitted
            ],
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["shown"]:
            return ""
        return render_to_string(
            self.template_name, context, request=parent_context["request"]
        )
