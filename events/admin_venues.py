"""Admin screens for venues: provincial moderators add them and correct them,
editors pick them on their events. `register()` (called from
events.wagtail_hooks) registers the screens, and keeps the calendar's cached
feeds and booklet in step when a venue or regency is edited there.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.models import Page, Revision
from wagtail.snippets.models import register_snippet

import django_filters

from core.admin_snippets import ReferenceDataForm, ReferenceDataViewSet
from core.models import Regency

from .models import EventPage, Venue


class VenueFilterSet(WagtailFilterSet):
    regency = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Regency or city"), queryset=Regency.objects.all()
    )
    parent = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Inside venue"),
        queryset=Venue.objects.filter(children__isnull=False).distinct(),
    )

    class Meta:
        model = Venue
        fields = ["regency", "parent"]


class VenueForm(ReferenceDataForm):
    """Venues nest one level deep (PKOR Way Halim and its anjungan): the
    calendar's venue filter and feeds include a venue's children, not their
    children."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warn_about_slug(f"/events/venue/{self.instance.slug or '…'}.ics")
        parent = self.fields.get("parent")
        if parent is not None:
            parent.queryset = Venue.objects.filter(
                Q(parent__isnull=True) | Q(pk=self.instance.parent_id)
            ).select_related("parent")

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is None or self.instance.pk is None:
            return parent
        if parent.pk == self.instance.pk:
            raise ValidationError(_("A venue cannot be inside itself."))
        if self.instance.children.exists():
            raise ValidationError(
                _("Other venues are inside this one, so it cannot be inside another.")
            )
        return parent


def events_at(venue: Venue) -> int:
    """Events (counted once across their translations) whose page or latest
    draft names `venue`. Deleting it would quietly take the venue off them
    (EventPage.venue is SET_NULL), so the admin refuses while there are any."""
    drafts = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(EventPage),
        content__venue=venue.pk,
        pk__in=Page.objects.values("latest_revision_id"),
    ).values_list("object_id", flat=True)
    return (
        EventPage.objects.filter(Q(venue=venue) | Q(pk__in=[int(i) for i in drafts]))
        .values("translation_key")
        .distinct()
        .count()
    )


class VenueViewSet(ReferenceDataViewSet):
    """Where events happen; an anjungan is a venue inside PKOR Way Halim."""

    model = Venue
    icon = "thumbtack"
    menu_label = gettext_lazy("Venues")
    add_to_admin_menu = True
    menu_order = 270  # after the Calendar of Events menu (260)
    list_display = ["name", "parent", "regency", UpdatedAtColumn()]
    filterset_class = VenueFilterSet
    search_fields = ["name", "address"]
    edit_handler = ObjectList(Venue.panels, base_form_class=VenueForm)

    def get_queryset(self, request):
        return Venue.objects.select_related("parent", "regency")

    def deletion_blockers(self, obj):
        found = super().deletion_blockers(obj)
        events = events_at(obj)
        if events:
            found.append((EventPage, events))
        return found


def register() -> None:
    """Register the venue screens; call once, from events.wagtail_hooks. (What
    a saved venue or regency changes in feeds and the booklet is
    events.publishing's, whatever saved it.)"""
    register_snippet(VenueViewSet)
