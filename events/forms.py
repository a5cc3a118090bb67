"""Admin and public forms of the events app."""

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.models import Regency
from core.provincial_fields import ProvincialFieldsPageForm

from . import dates
from .choices import EventCategory
from .ical import Status as EventStatus
from .models.venues import Venue
from .translation import lock_shared_fields

SCHEDULE_MESSAGES = {
    "year_out_of_range": _("Choose a year between %(earliest)s and %(latest)s."),
    "month_only_with_times": _(
        "An event with “month only” date precision has no %(field)s yet: "
        "clear it, or choose “exact date”."
    ),
    "month_only_recurring": _(
        "An event whose date is not fixed yet (“month only” date precision) "
        "cannot repeat: choose “does not repeat”."
    ),
    "end_time_without_start": _(
        "An all-day event has no end time: fill in the start time too, or "
        "clear the end time."
    ),
    "end_before_start": _("The end date is before the start date."),
    "end_time_before_start": _(
        "The end time is before the start time; for an event ending after "
        "midnight, fill in the end date."
    ),
    "too_long": _(
        "The end date is too late: one occurrence may last at most %(days)s "
        "days; use a repeating series instead."
    ),
    "exceptions_without_series": _(
        "Changes to single occurrences apply only to repeating events: remove "
        "them, or choose how the event repeats."
    ),
    "bad_interval": _("“Every” must be between 1 and 52."),
    "bad_weekday": _("Choose weekdays from Monday to Sunday."),
    "start_not_on_weekday": _(
        "The start date (%(date)s) is not one of the chosen weekdays: the "
        "series starts on its start date."
    ),
    "series_without_end": _(
        "A repeating event needs an end: fill in “repeat until” or “number of times”."
    ),
    "until_and_count": _(
        "Fill in either “repeat until” or “number of times”, not both."
    ),
    "too_many": _(
        "A series may have at most %(limit)s occurrences: choose an earlier "
        "“repeat until” date or fewer times."
    ),
    "until_before_start": _("“Repeat until” is before the start date."),
    "series_too_long": _(
        "A series may run for at most %(years)s years: choose an earlier "
        "“repeat until” date or fewer times."
    ),
    "exception_outside_series": _(
        "The original date %(date)s is not a date of this series."
    ),
    "duplicate_exception": _("The occurrence of %(date)s is changed twice."),
    "move_without_date": _("Give the new date of the occurrence of %(date)s."),
    "move_times_all_day": _(
        "The series is all-day: the occurrence of %(date)s moves as a whole "
        "day, without times."
    ),
    "move_end_before_start": _(
        "The new end time of the occurrence of %(date)s is before its start time."
    ),
    "reason_required": _("Tell the public why: the event is %(status)s."),
    "rule_month_only": _(
        "A date from another calendar is computed to the day: choose “exact date”."
    ),
    "rule_with_frequency": _(
        "A date from another calendar repeats every year by itself: choose "
        "“does not repeat” under “repeats”, or no other calendar."
    ),
    "rule_with_count": _(
        "A date from another calendar ends with “repeat until”, not a number "
        "of times: clear “number of times”."
    ),
    "rule_with_end_date": _(
        "A date from another calendar lasts its “number of days”: clear the end date."
    ),
    "rule_with_exceptions": _(
        "Dates from another calendar are changed with the moderators' "
        "“confirm dates” action, not with changes to single occurrences: "
        "remove them."
    ),
    "bad_rule_month": _("Choose a month from 1 to 12."),
    "bad_rule_day": _("Choose a day from %(first)s to %(last)s."),
    "bad_rule_days": _("An event lasts from 1 to %(limit)s days each year."),
    "rule_fields_without_rule": _(
        "Choose the calendar of this month and day, or clear them."
    ),
}

# The exception form field a schedule error about one occurrence belongs to.
EXCEPTION_FIELDS = {
    "exception_outside_series": "original_date",
    "duplicate_exception": "original_date",
    "move_without_date": "new_date",
    "move_times_all_day": "new_start_time",
    "move_end_before_start": "new_end_time",
    "year_out_of_range": "new_date",
}


def schedule_error_message(error: dates.ScheduleError, field_label: str = "") -> str:
    """The editor-facing text of a schedule error, in the active language."""
    params = {
        k: (date_format(v, "j F Y") if hasattr(v, "isoformat") else v)
        for k, v in error.params.items()
    }
    params["field"] = field_label
    return SCHEDULE_MESSAGES[error.code] % params


class WeekdaysField(forms.MultipleChoiceField):
    """Weekdays picked with checkboxes, stored as "0,5" in a CharField."""

    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        if isinstance(value, str):
            return [v for v in value.split(",") if v]
        return value

    def clean(self, value):
        return ",".join(sorted(super().clean(value)))


class EventPageForm(ProvincialFieldsPageForm):
    """The event's admin form: the schedule checked as `events.dates` does,
    with each error next to its field; the highlight left to the provincial
    staff (core.page_forms); a translation's shared facts shown read-only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "recurrence_weekdays" in self.fields:
            old = self.fields["recurrence_weekdays"]
            self.fields["recurrence_weekdays"] = WeekdaysField(
                choices=[(str(v), label) for v, label in dates.WEEKDAYS],
                required=False,
                label=old.label,
                help_text=old.help_text,
            )
        # A translation shows its source's dates, venue and status, read-only.
        lock_shared_fields(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_date") is None:
            return cleaned
        status = cleaned.get("status")
        if (
            status
            and status != EventStatus.SCHEDULED
            and not cleaned.get("status_reason")
        ):
            self.add_error(
                "status_reason",
                SCHEDULE_MESSAGES["reason_required"]
                % {"status": EventStatus(status).label},
            )
        if not cleaned.get("is_free") and not cleaned.get("price"):
            self.add_error("price", _("Give the price of a paid event."))
        exceptions = []
        formset = self.formsets.get("exceptions")
        if formset is not None and formset.is_valid():
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or data.get("DELETE") or not data.get("original_date"):
                    continue
                exceptions.append(
                    dates.ScheduleException(
                        original_date=data["original_date"],
                        action=dates.ExceptionAction(data["action"]),
                        new_date=data.get("new_date"),
                        new_start_time=data.get("new_start_time"),
                        new_end_time=data.get("new_end_time"),
                        reason=data.get("reason", ""),
                    )
                )
        weekdays = tuple(
            int(d) for d in (cleaned.get("recurrence_weekdays") or "").split(",") if d
        )
        schedule = dates.Schedule(
            start_date=cleaned["start_date"],
            start_time=cleaned.get("start_time"),
            end_date=cleaned.get("end_date"),
            end_time=cleaned.get("end_time"),
            month_only=cleaned.get("date_precision") == "month",
            frequency=dates.Frequency(cleaned.get("recurrence_frequency") or ""),
            interval=cleaned.get("recurrence_interval") or 1,
            weekdays=weekdays,
            monthly_by=dates.MonthlyBy(cleaned.get("recurrence_monthly_by") or "day"),
            until=cleaned.get("recurrence_until"),
            count=cleaned.get("recurrence_count"),
            exceptions=tuple(exceptions),
            rule=dates.CalendarRule(cleaned.get("calendar_rule") or ""),
            rule_month=cleaned.get("rule_month"),
            rule_day=cleaned.get("rule_day"),
            rule_days=1 if cleaned.get("rule_days") is None else cleaned["rule_days"],
        )
        try:
            dates.validate(schedule, timezone.localdate())
        except dates.ScheduleError as error:
            self._add_schedule_error(error, formset)
        return cleaned

    def _add_schedule_error(self, error, formset):
        """Put the message next to the field it is about: a page field, or a
        field of the inline change to one occurrence it names."""
        if error.field in self.fields:
            label = str(self.fields[error.field].label or "").lower()
            self.add_error(error.field, schedule_error_message(error, label))
            return
        message = schedule_error_message(error)
        if formset is not None and error.field == "exceptions":
            day = error.params.get("date")
            for form in reversed(formset.forms):
                data = getattr(form, "cleaned_data", None) or {}
                if data.get("DELETE") or not data.get("original_date"):
                    continue
                if data.get("original_date") == day:
                    form.add_error(EXCEPTION_FIELDS.get(error.code), message)
                    break
        self.add_error(None, message)


@dataclass(frozen=True)
class FilterChip:
    """One active filter as a removable chip: its value in words and the
    query string without it (nor the page number)."""

    name: str
    text: str
    query: str


class EventFilterForm(forms.Form):
    """The public calendar's filters. Their state lives in the URL so a
    filtered view can be shared; invalid values are reported, never fatal."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    regency = forms.ChoiceField(label=_("Regency or city"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    venue = forms.ChoiceField(label=_("Venue"), required=False)
    tag = forms.SlugField(
        label=_("Tag"), required=False, max_length=100, allow_unicode=True
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    free = forms.BooleanField(label=_("Free entry only"), required=False)

    def __init__(self, data, regencies, venues):
        super().__init__(data)
        self.regencies = {r.slug: r for r in regencies}
        self.venues = {v.slug: v for v in venues}
        self.fields["regency"].choices = [
            ("", _("All regencies")),
            ("provinsi", _("Province of Lampung")),
            *[(r.slug, r.name) for r in regencies],
        ]
        self.fields["category"].choices = [
            ("", _("All categories")),
            *EventCategory.choices,
        ]
        self.fields["venue"].choices = [
            ("", _("All venues")),
            *[(v.slug, str(v)) for v in venues],
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("“Until” is before “From”."))
        for name in ("start", "end"):
            value = cleaned.get(name)
            if value and not (dates.EARLIEST_YEAR <= value.year <= 2100):
                self.add_error(name, _("Choose a date between 2000 and 2100."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters as `OccurrenceQuerySet.filtered` takes them: the
        regency and venue as objects, unset ones left out."""
        data = self.cleaned_data if self.is_bound else {}
        filters = {
            name: data[name]
            for name in ("category", "tag", "free", "start", "end", "q")
            if data.get(name)
        }
        if data.get("regency") == "provinsi":
            filters["regency"] = "province"
        elif data.get("regency"):
            filters["regency"] = self.regencies[data["regency"]]
        if data.get("venue"):
            filters["venue"] = self.venues[data["venue"]]
        return filters

    def active_filters(self) -> dict:
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return {}
        return {
            k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)
        }

    def chip_text(self, name: str, value) -> str:
        """An active filter's value as its chip says it."""
        if name == "regency":
            regency = self.regencies.get(value)
            return regency.name if regency else str(_("Province of Lampung"))
        if name == "venue":
            return str(self.venues[value])
        if name == "category":
            return capfirst(EventCategory(value).label)
        if name == "tag":
            return f"#{value}"
        if name == "q":
            return f"“{value}”"
        if name == "start":
            return _("from %(day)s") % {"day": date_format(value, "j M Y")}
        if name == "end":
            return _("until %(day)s") % {"day": date_format(value, "j M Y")}
        return str(_("Free entry"))

    def chips(self, params) -> list[FilterChip]:
        """The active filters, each with the query string of the same list
        without it: `params` is the request's query (a QueryDict)."""
        chips = []
        for name, value in self.active_filters().items():
            rest = params.copy()
            rest.pop(name, None)
            rest.pop("page", None)
            chips.append(
                FilterChip(name, self.chip_text(name, value), rest.urlencode())
            )
        return chips


def filter_form(request) -> EventFilterForm:
    """The public calendar's filter form, bound to the request's parameters
    (and validated) when it has any."""
    regencies = list(Regency.objects.order_by("name"))
    venues = list(Venue.objects.select_related("parent").order_by("parent_id", "name"))
    form = EventFilterForm(request.GET or None, regencies, venues)
    if form.is_bound:
        form.is_valid()
    return form
