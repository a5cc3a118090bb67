"""Admin screens of the calendar import (events.calendar_import): each
regency's imported calendars (list, add, edit, delete, run now, upload an
.ics) and the logs of their runs. Regency editors see and touch their own
regency's only: any other id is a 404. Provincial staff see every regency's
and the province's."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.models import Regency
from core.roles import regency_scope

from . import calendar_import, ical_fetch, ical_reader
from .models import CalendarSource, ImportRun

RUNS_SHOWN = 30


class CalendarSourceForm(forms.ModelForm):
    class Meta:
        model = CalendarSource
        fields = ["name", "regency", "url", "category", "active"]

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        regency = self.fields["regency"]
        if scope is None:
            regency.queryset = Regency.objects.order_by("name")
            regency.empty_label = _("Province of Lampung")
            regency.required = False
        else:
            regency.queryset = Regency.objects.filter(
                pk__in=[r.pk for r in scope]
            ).order_by("name")
            regency.empty_label = None
            regency.required = True
            # Only the provincial staff import the province's own calendar.
            regency.help_text = ""

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url:
            try:
                ical_fetch.parse_url(url)
            except ical_fetch.FetchError as error:
                raise forms.ValidationError(str(error)) from error
        return url


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Calendar file (.ics)"),
        help_text=gettext_lazy(
            "Exported from Google Calendar, Outlook or Apple Calendar; at most %(size)s MB."
        )
        % {"size": ical_reader.MAX_BYTES // 2**20},
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )


class ImportAdminView(WagtailAdminTemplateMixin, TemplateView):
    """Who may enter (provincial staff, a regency's editors) and which
    sources they reach."""

    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        self.scope = regency_scope(request.user)
        if self.scope is not None and not self.scope:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def sources(self):
        sources = CalendarSource.objects.select_related("regency")
        if self.scope is None:
            return sources
        return sources.filter(regency__in=self.scope)

    def source(self, pk):
        return get_object_or_404(self.sources(), pk=pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("events_calendar_sources"),
                "label": _("Imported calendars"),
            },
            {"url": "", "label": self.get_page_title()},
        ]


class SourceListView(ImportAdminView):
    """The calendars of the user's regency (every regency for staff)."""

    page_title = gettext_lazy("Imported calendars")
    template_name = "events/admin/calendar_sources.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        sources = list(self.sources().order_by("regency__name", "name"))
        for source in sources:
            source.last_log = source.runs.first()
        return self.render_to_response(self.get_context_data(sources=sources))


class SourceEditView(ImportAdminView):
    page_title = gettext_lazy("Add a calendar")
    template_name = "events/admin/calendar_source_form.html"

    def get_instance(self):
        if "pk" in self.kwargs:
            self.page_title = _("Edit the calendar")
            return self.source(self.kwargs["pk"])
        return None

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        return self.render(CalendarSourceForm(instance=instance, scope=self.scope))

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = CalendarSourceForm(request.POST, instance=instance, scope=self.scope)
        if not form.is_valid():
            return self.render(form)
        source = form.save(commit=False)
        # Whoever saves it last is who the scheduled run imports as.
        source.created_by = request.user
        source.save()
        messages.success(request, _("Calendar “%(name)s” saved.") % {"name": source})
        return redirect("events_calendar_sources")

    def render(self, form):
        return self.render_to_response(self.get_context_data(form=form))


class SourceDeleteView(ImportAdminView):
    page_title = gettext_lazy("Delete the calendar")
    template_name = "events/admin/calendar_source_delete.html"

    def get(self, request, *args, **kwargs):
        source = self.source(kwargs["pk"])
        return self.render_to_response(self.get_context_data(source=source))

    def post(self, request, *args, **kwargs):
        source = self.source(kwargs["pk"])
        name = str(source)
        source.delete()
        messages.success(
            request,
            _("Calendar “%(name)s” deleted; its events stay in the folder.")
            % {"name": name},
        )
        return redirect("events_calendar_sources")


class SourceRunView(ImportAdminView):
    """Run now: fetch the calendar's address and import it."""

    def get(self, request, *args, **kwargs):
        return redirect("events_calendar_sources")

    def post(self, request, *args, **kwargs):
        source = self.source(kwargs["pk"])
        run = calendar_import.run_import(source, request.user)
        return redirect("events_import_run", pk=run.pk)


class SourceUploadView(ImportAdminView):
    page_title = gettext_lazy("Upload a calendar file")
    template_name = "events/admin/calendar_upload.html"

    def get(self, request, *args, **kwargs):
        source = self.source(kwargs["pk"])
        return self.render(source, UploadForm())

    def post(self, request, *args, **kwargs):
        source = self.source(kwargs["pk"])
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(source, form)
        upload = form.cleaned_data["file"]
        if upload.size > ical_reader.MAX_BYTES:
            form.add_error("file", ical_reader.too_large_message())
            return self.render(source, form)
        run = calendar_import.run_import(
            source, request.user, data=upload.read(), file_name=upload.name
        )
        return redirect("events_import_run", pk=run.pk)

    def render(self, source, form):
        return self.render_to_response(self.get_context_data(source=source, form=form))


class RunListView(ImportAdminView):
    page_title = gettext_lazy("Import logs")
    template_name = "events/admin/import_runs.html"

    def get(self, request, *args, **kwargs):
        source = self.source(kwargs["pk"])
        runs = source.runs.defer("entries")[:RUNS_SHOWN]
        return self.render_to_response(self.get_context_data(source=source, runs=runs))


class RunView(ImportAdminView):
    page_title = gettext_lazy("Import log")
    template_name = "events/admin/import_run.html"

    def get(self, request, *args, **kwargs):
        run = get_object_or_404(
            ImportRun.objects.select_related("source", "run_by").filter(
                source__in=self.sources()
            ),
            pk=kwargs["pk"],
        )
        entries = [
            {**entry, "reason_text": calendar_import.reason_text(entry)}
            for entry in run.entries
        ]
        return self.render_to_response(
            self.get_context_data(run=run, source=run.source, entries=entries)
        )
