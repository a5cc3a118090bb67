"""Admin screens for tags (django-taggit's `Tag`, shared by events and
images): provincial moderators rename, merge and delete them, so a junk or
duplicate tag leaves the events, the feeds and the autocomplete. What a tag
change renews in the calendar (stored iCal CATEGORIES, search index, drafts
naming the tag) is events.publishing's, whatever changed the tag; a merge
moves the tagged items first. `register()` is called from
events.wagtail_hooks.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet

from core.admin_snippets import MERGE, ReferenceDataForm, ReferenceDataViewSet

from . import publishing
from .models import EventPageTag


class TagForm(ReferenceDataForm):
    """A tag's name is unique whatever its case (TAGGIT_CASE_INSENSITIVE): a
    second "Kopi" is merged into the first, not renamed onto it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warn_about_slug(f"/events/tag/{self.instance.slug or '…'}.ics")

    def clean_name(self):
        name = (self.cleaned_data.get("name") or "").strip()
        clash = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                _(
                    "A tag named “%(name)s” already exists: merge this tag into "
                    "it instead."
                )
                % {"name": clash.first().name}
            )
        return name


def merge_tags(duplicate: Tag, kept: Tag, user) -> None:
    """Every item tagged `duplicate` (events and images) is tagged `kept`
    instead, once; then `duplicate` is deleted and the moved events renewed."""
    event_ids = list(
        EventPageTag.objects.filter(tag=duplicate).values_list(
            "content_object_id", flat=True
        )
    )
    urls = publishing.event_urls_of(event_ids)
    for relation in Tag._meta.related_objects:
        if not relation.one_to_many:
            continue  # the managers' many-to-many view of the rows below
        through = relation.related_model
        tag_field = relation.field.name
        # What a row tags: (content_object_id,) or (content_type_id, object_id).
        target = [
            f.attname
            for f in through._meta.concrete_fields
            if not f.primary_key and f.name != tag_field
        ]
        rows = through._base_manager
        tagged_already = set(rows.filter(**{tag_field: kept}).values_list(*target))
        for pk, *key in rows.filter(**{tag_field: duplicate}).values_list(
            "pk", *target
        ):
            if tuple(key) in tagged_already:
                rows.filter(pk=pk).delete()
        rows.filter(**{tag_field: duplicate}).update(**{tag_field: kept})
    publishing.retag_revisions(duplicate.pk, kept.pk)
    log(
        instance=kept,
        action=MERGE,
        user=user,
        data={"duplicate": duplicate.name, "duplicate_id": duplicate.pk},
    )
    duplicate.delete()
    publishing.events_changed_in_place(event_ids, urls)


class TagViewSet(ReferenceDataViewSet):
    """The tags on events (and images): rename, merge, delete."""

    model = Tag
    icon = "tag"
    menu_label = gettext_lazy("Tags")
    add_to_admin_menu = True
    menu_order = 280  # after Venues (270)
    list_display = [
        "name",
        "slug",
        Column("event_count", label=gettext_lazy("Events")),
    ]
    search_fields = ["name"]
    copy_view_enabled = False
    merge_enabled = True
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("slug")], base_form_class=TagForm
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(event_count=Count("events_eventpagetag_items", distinct=True))
            .order_by("name")
        )

    def user_may_merge(self, user) -> bool:
        """A merge renames the duplicate's items and deletes it."""
        return self.permission_policy.user_has_permission(
            user, "change"
        ) and self.permission_policy.user_has_permission(user, "delete")

    def merge_candidates(self, request, duplicate):
        return Tag.objects.exclude(pk=duplicate.pk).order_by("name")

    def describe_uses(self, obj) -> str:
        count = EventPageTag.objects.filter(tag=obj).count()
        return _("%(count)s events are tagged with it.") % {"count": count}

    def merge(self, duplicate, kept, user) -> None:
        merge_tags(duplicate, kept, user)


def register() -> None:
    """Register the tag screens; call once, from events.wagtail_hooks."""
    register_snippet(TagViewSet)
