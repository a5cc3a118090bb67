"""Admin screens for venues: provincial moderators add them, correct them and
merge duplicates; a regency's editors add and correct their own regency's
venues, and pick venues on their events. `register()` (called from
events.wagtail_hooks) registers the screens.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.snippets.models import register_snippet

import django_filters

from core.admin_snippets import MERGE, ReferenceDataForm, ReferenceDataViewSet
from core.models import Regency
from core.roles import regency_scope

from . import publishing
from .models import EventPage, Occurrence, PavilionPage, Venue, VenuePage


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
        scope = regency_scope(self.for_user) if self.for_user else []
        parent = self.fields.get("parent")
        if parent is not None:
            parent.queryset = Venue.objects.filter(
                Q(parent__isnull=True) | Q(pk=self.instance.parent_id)
            ).select_related("parent")
            if scope is not None:
                # Which venue is inside which (PKOR and its anjungan) is the
                # province's: a posted value is ignored.
                parent.disabled = True
                parent.help_text = _("Set by a provincial moderator.")
        regency = self.fields.get("regency")
        if regency is not None and scope is not None:
            # Editors: their own regencies only; another one's id posted by
            # hand is refused as an invalid choice.
            regency.queryset = Regency.objects.filter(pk__in=[r.pk for r in scope])

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


def revisions_naming(venue: Venue):
    """Event revisions (drafts, submissions, history) whose venue is `venue`."""
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(EventPage),
        content__venue=venue.pk,
    )


def merge_venues(duplicate: Venue, kept: Venue, user) -> None:
    """Move every event (live row and every revision), stored occurrence and
    venue inside `duplicate` to `kept`, delete `duplicate`, and renew what
    the calendar stores and caches of the moved events (events.publishing)."""
    moved = list(
        EventPage.objects.filter(
            Q(venue=duplicate) | Q(venue__parent=duplicate)
        ).values_list("pk", flat=True)
    )
    urls = publishing.event_urls_of(moved)
    EventPage.objects.filter(venue=duplicate).update(venue=kept)
    Occurrence.objects.filter(venue=duplicate).update(venue=kept)
    Venue.objects.filter(parent=duplicate).update(parent=kept)
    for revision in revisions_naming(duplicate):
        revision.content["venue"] = kept.pk
        revision.save(update_fields=["content"])
    log(
        instance=kept,
        action=MERGE,
        user=user,
        data={"duplicate": str(duplicate), "duplicate_id": duplicate.pk},
    )
    duplicate.delete()
    publishing.events_changed_in_place(moved, urls)


class VenueViewSet(ReferenceDataViewSet):
    """Where events happen; an anjungan is a venue inside PKOR Way Halim."""

    model = Venue
    regency_lookup = "regency"
    merge_enabled = True
    icon = "thumbtack"
    menu_label = gettext_lazy("Venues")
    add_to_admin_menu = True
    menu_order = 270  # after the Calendar of Events menu (260)
    list_display = ["name", "parent", "regency", UpdatedAtColumn()]
    filterset_class = VenueFilterSet
    search_fields = ["name", "address"]
    edit_handler = ObjectList(Venue.panels, base_form_class=VenueForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent", "regency")

    def user_may_merge(self, user) -> bool:
        """Provincial staff who may change venues: a merge deletes the
        duplicate, but nothing that used it is lost."""
        return (
            self.permission_policy.user_has_permission(user, "change")
            and regency_scope(user) is None
        )

    def merge_problem(self, duplicate, kept) -> str:
        if (
            VenuePage.objects.filter(venue=duplicate).exists()
            or PavilionPage.objects.filter(venue=duplicate).exists()
        ):
            return _(
                "“%(duplicate)s” has its own page (PKOR Way Halim or an "
                "anjungan): merge the other venue into it instead."
            ) % {"duplicate": duplicate}
        if kept.parent_id == duplicate.pk:
            return _("“%(kept)s” is inside “%(duplicate)s”: choose another venue.") % {
                "kept": kept,
                "duplicate": duplicate,
            }
        if kept.parent_id and duplicate.children.exists():
            return _(
                "Venues are inside “%(duplicate)s”, and “%(kept)s” is itself "
                "inside another venue: venues nest one level deep."
            ) % {"duplicate": duplicate, "kept": kept}
        return ""

    def describe_uses(self, obj) -> str:
        return _(
            "Events at it: %(events)s. Venues inside it: %(venues)s. They move "
            "to the venue you keep."
        ) % {
            "events": events_at(obj),
            "venues": obj.children.count(),
        }

    def merge(self, duplicate, kept, user) -> None:
        merge_venues(duplicate, kept, user)

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
