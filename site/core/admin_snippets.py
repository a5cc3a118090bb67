"""Admin screens for the province's reference data, kept as snippets: the
regencies here, and what the venue screens (events.admin_venues) share with
them. Their forms refuse invisible characters and impossible coordinates;
deleting a row still in use is refused with a message naming what uses it,
never with a server error (core.wagtail_hooks enforces it for single and
bulk deletes alike).
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.models import TranslatableMixin
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from .models import Regency
from .text import has_control_characters

COORDINATE_RANGES = {"latitude": Decimal(90), "longitude": Decimal(180)}


class ReferenceDataForm(WagtailAdminModelForm):
    """Single-line text without control characters; latitude and longitude
    on the globe (the database column would take 999.99999)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in COORDINATE_RANGES.items():
            field = self.fields.get(name)
            if field is not None:
                field.validators += [
                    MinValueValidator(-limit),
                    MaxValueValidator(limit),
                ]
                field.widget.attrs.update(min=-limit, max=limit)

    def clean(self):
        cleaned_data = super().clean()
        for name, value in list(cleaned_data.items()):
            field = self.fields.get(name)
            if (
                isinstance(value, str)
                and isinstance(field, forms.CharField)
                and has_control_characters(value)
            ):
                self.add_error(
                    name,
                    _(
                        "Remove the invisible control characters (such as line "
                        "breaks, tabs or direction marks) from this text."
                    ),
                )
        return cleaned_data

    def warn_about_slug(self, feed_path: str) -> None:
        """On an existing row, say what changing its slug breaks."""
        if self.instance.pk and "slug" in self.fields:
            self.fields["slug"].help_text = _(
                "Part of the address of its calendar feed (%(path)s): changing "
                "it breaks the subscriptions people already have."
            ) % {"path": feed_path}


def deletion_blockers(obj) -> list[tuple[type[models.Model], int]]:
    """What keeps `obj` from being deleted: for each model with a PROTECT or
    RESTRICT foreign key to it, how many rows (pages counted once across
    their translations)."""
    found = []
    for relation in obj._meta.related_objects:
        if relation.many_to_many or relation.on_delete not in (
            models.PROTECT,
            models.RESTRICT,
        ):
            continue
        model = relation.related_model
        rows = model._base_manager.filter(**{relation.field.name: obj})
        count = (
            rows.values("translation_key").distinct().count()
            if issubclass(model, TranslatableMixin)
            else rows.count()
        )
        if count:
            found.append((model, count))
    return found


def describe_blockers(obj, blockers) -> str:
    """One sentence naming what still uses `obj`."""
    uses = ", ".join(
        f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
        for opts, count in ((model._meta, count) for model, count in blockers)
    )
    return _("“%(object)s” cannot be deleted while it is used by %(uses)s.") % {
        "object": obj,
        "uses": uses,
    }


class GuardedDeleteView(DeleteView):
    """Wagtail's delete confirmation, showing the reason a row in use cannot
    go instead of the button (the refusal itself is the before_delete_snippet
    hook in core.wagtail_hooks, which covers bulk deletion too)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        blockers = self.model.snippet_viewset.deletion_blockers(self.object)
        if blockers:
            context["is_protected"] = True
            context["blocked_reason"] = describe_blockers(self.object, blockers)
        return context

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            # Something started using it since the hook looked.
            blockers = self.model.snippet_viewset.deletion_blockers(self.object)
            messages.error(self.request, describe_blockers(self.object, blockers))
            return redirect(self.request.get_full_path())


class ReferenceDataViewSet(SnippetViewSet):
    """A snippet whose rows other content depends on."""

    delete_view_class = GuardedDeleteView
    delete_template_name = "core/admin/confirm_delete.html"
    search_backend_name = None  # search the database columns directly

    def register_chooser_viewset(self):
        """No chooser: the forms that pick a venue or regency (event, brand
        and anjungan pages) keep their plain select boxes, and no chooser
        URL lists the rows to users without permissions on them."""

    def deletion_blockers(self, obj) -> list[tuple[type[models.Model], int]]:
        return deletion_blockers(obj)


def refuse_deletion_in_use(request, instances):
    """Before a snippet delete, one or in bulk, is carried out: if any row is
    still used, say by what and delete nothing. Users who may not delete are
    left to Wagtail's own refusal."""
    if request.method != "POST" or not instances:
        return None
    viewset = getattr(type(instances[0]), "snippet_viewset", None)
    if not isinstance(viewset, ReferenceDataViewSet):
        return None
    if not viewset.permission_policy.user_has_permission(request.user, "delete"):
        return None
    reasons = []
    for obj in instances:
        blockers = viewset.deletion_blockers(obj)
        if blockers:
            reasons.append(describe_blockers(obj, blockers))
    if not reasons:
        return None
    for reason in reasons:
        messages.error(request, reason)
    return redirect(request.get_full_path())


class RegencyForm(ReferenceDataForm):
    """Who may edit a regency's pages is decided by its editors group:
    changing that link is managing groups, which only administrators do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warn_about_slug(f"/events/regency/{self.instance.slug or '…'}.ics")
        editors = self.fields.get("editors")
        user = self.for_user
        if editors is not None and not (user and user.has_perm("auth.change_group")):
            editors.disabled = True
            editors.help_text = _("Set by an administrator.")


class RegencyViewSet(ReferenceDataViewSet):
    """The 15 kabupaten and kota: provincial moderators correct their facts;
    only administrators add or remove one."""

    model = Regency
    icon = "globe"
    menu_label = gettext_lazy("Regencies and cities")
    add_to_settings_menu = True
    menu_order = 500
    list_display = [
        "name",
        "kind",
        "code",
        UpdatedAtColumn(),
    ]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "seat", "code"]
    copy_view_enabled = False
    edit_handler = ObjectList(Regency.panels, base_form_class=RegencyForm)
