"""The moderators' action on estimated dates from another calendar: once the
government's sidang isbat has decided the start of a Hijri month, a
moderator confirms a year's computed dates, or shifts them by one day, in one
step. The decision is a row of its own (`DateConfirmation`), not a page
revision: it survives republishing and the nightly recomputation, and every
language of the event reads it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.roles import may_confirm_dates

from .formatting import when
from .models import DateConfirmation, EventPage, Occurrence
from .publishing import events_changed_in_place

SHIFTS = [
    (-1, gettext_lazy("one day earlier than computed")),
    (0, gettext_lazy("as computed")),
    (1, gettext_lazy("one day later than computed")),
]


class ConfirmDatesForm(forms.Form):
    """Which year of the rule, and how its computed dates are kept."""

    rule_year = forms.TypedChoiceField(
        label=gettext_lazy("year"), coerce=int, choices=()
    )
    shift = forms.TypedChoiceField(
        label=gettext_lazy("the official dates are"),
        coerce=int,
        choices=SHIFTS,
        initial=0,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_year"].choices = years


class ConfirmDatesView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm or shift one year's dates of an event with estimated dates.
    Moderators only (they publish; editors never do): refused on the server
    to everyone else, whatever the page shows them."""

    template_name = "events/admin/confirm_dates.html"
    header_icon = "date"
    page_title = gettext_lazy("Confirm estimated dates")

    def dispatch(self, request, event_id, *args, **kwargs):
        self.event = get_object_or_404(EventPage, pk=event_id)
        if not may_confirm_dates(request.user, self.event):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def spans(self):
        """The event's dates up to the horizon, as they stand now."""
        return self.event.spans(through=Occurrence.horizon(timezone.now()))

    def years(self, spans):
        return [
            (s.rule_year, f"{s.rule_year} · {when(s)}")
            for s in spans
            if s.rule_year is not None
        ]

    def get(self, request, *args, **kwargs):
        spans = self.spans()
        return self.render(ConfirmDatesForm(years=self.years(spans)), spans)

    def post(self, request, *args, **kwargs):
        spans = self.spans()
        form = ConfirmDatesForm(request.POST, years=self.years(spans))
        if not self.event.schedule().provisional_rule:
            form.add_error(
                None, _("The dates of this event are computed, not estimated.")
            )
        if not form.is_valid():
            return self.render(form, spans, status=400)
        year, shift = form.cleaned_data["rule_year"], form.cleaned_data["shift"]
        with transaction.atomic():
            # One decision a year across the event's languages: the latest.
            DateConfirmation.objects.filter(
                event__translation_key=self.event.translation_key, rule_year=year
            ).exclude(event=self.event).delete()
            DateConfirmation.objects.update_or_create(
                event=self.event,
                rule_year=year,
                defaults={
                    "shift": shift,
                    "confirmed_by": request.user,
                    "confirmed_at": timezone.now(),
                },
            )
            # Stored occurrences and iCal text (its SEQUENCE goes up: the
            # schedule's fingerprint includes the decisions) of every language.
            ids = list(
                EventPage.objects.filter(
                    translation_key=self.event.translation_key
                ).values_list("pk", flat=True)
            )
            events_changed_in_place(ids)
        messages.success(
            request,
            _("The dates of %(year)s of “%(title)s” are confirmed.")
            % {"year": year, "title": self.event.title},
        )
        return redirect(reverse("events_confirm_dates", args=[self.event.pk]))

    def render(self, form, spans, status=200):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                event=self.event,
                spans=spans,
                edit_url=reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
            ),
            status=status,
        )
