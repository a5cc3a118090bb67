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
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.models import TranslatableMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import (
    CopyView,
    DeleteView,
    EditView,
    HistoryView,
    InspectView,
    SnippetViewSet,
    UsageView,
)

from .models import Regency
from .roles import regency_scope
from .text import has_control_characters

MERGE = "agenda.merge"  # the log action of a merge, on the row kept
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


class RegencyScopedPolicy(ModelPermissionPolicy):
    """Model permissions that reach only the rows of the user's regencies
    (core.roles.regency_scope): provincial staff every row, a regency's
    editors the rows whose `lookup` names their regency."""

    def __init__(self, model, lookup):
        super().__init__(model)
        self.lookup = lookup

    def scoped(self, queryset, user):
        scope = regency_scope(user)
        if scope is None:
            return queryset
        return queryset.filter(**{f"{self.lookup}__in": [r.pk for r in scope]})

    def in_scope(self, user, instance) -> bool:
        if instance is None or instance.pk is None:
            return False
        rows = self.model._default_manager.filter(pk=instance.pk)
        return self.scoped(rows, user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.in_scope(
            user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scoped(self.model._default_manager.all(), user)


class ScopedObjectMixin:
    """A view of one row: refused (403) when the row is outside the user's
    regencies, whatever the URL asks for."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        policy = self.permission_policy
        if isinstance(policy, RegencyScopedPolicy) and not policy.in_scope(
            self.request.user, obj
        ):
            raise PermissionDenied
        return obj


class ScopedEditView(ScopedObjectMixin, EditView):
    pass


class ScopedCopyView(ScopedObjectMixin, CopyView):
    pass


class ScopedHistoryView(ScopedObjectMixin, HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, UsageView):
    pass


class ScopedInspectView(ScopedObjectMixin, InspectView):
    pass


class GuardedDeleteView(ScopedObjectMixin, DeleteView):
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


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Keep"),
        help_text=gettext_lazy(
            "Everything that uses the duplicate moves to this one; then the "
            "duplicate is deleted."
        ),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset


class MergeView(WagtailAdminTemplateMixin, FormView):
    """Merge a duplicate row into the one to keep: the viewset moves what
    uses it (ReferenceDataViewSet.merge), in one transaction, then deletes
    it. Refused (403) to users the viewset does not let merge, and for rows
    outside their listing."""

    template_name = "core/admin/merge.html"
    form_class = MergeForm
    header_icon = "resubmit"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        viewset = self.viewset
        if not viewset.user_may_merge(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(
            viewset.get_queryset(request), pk=str(kwargs["pk"])
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Merge “%(object)s” into another") % {"object": self.object}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(self.viewset.get_url_name("list")),
                "label": capfirst(self.viewset.model._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["queryset"] = self.viewset.merge_candidates(self.request, self.object)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["uses"] = self.viewset.describe_uses(self.object)
        context["cancel_url"] = reverse(self.viewset.get_url_name("list"))
        return context

    def form_valid(self, form):
        kept = form.cleaned_data["keep"]
        problem = self.viewset.merge_problem(self.object, kept)
        if problem:
            form.add_error("keep", problem)
            return self.form_invalid(form)
        duplicate = str(self.object)
        with transaction.atomic():
            self.viewset.merge(self.object, kept, self.request.user)
        messages.success(
            self.request,
            _("“%(duplicate)s” was merged into “%(kept)s”.")
            % {"duplicate": duplicate, "kept": kept},
        )
        return redirect(
            get_valid_next_url_from_request(self.request)
            or reverse(self.viewset.get_url_name("list"))
        )


class ReferenceDataViewSet(SnippetViewSet):
    """A snippet whose rows other content depends on. With `regency_lookup`
    (the lookup from a row to its regency) a regency's editors reach only
    their own regencies' rows, in the listing and in every view of a row."""

    regency_lookup = None
    edit_view_class = ScopedEditView
    copy_view_class = ScopedCopyView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = ScopedInspectView
    delete_view_class = GuardedDeleteView
    delete_template_name = "core/admin/confirm_delete.html"
    search_backend_name = None  # search the database columns directly

    def register_chooser_viewset(self):
        """No chooser: the forms that pick a venue or regency (event, brand
        and anjungan pages) keep their plain select boxes, and no chooser
        URL lists the rows to users without permissions on them."""

    @property
    def permission_policy(self):
        if self.regency_lookup is None:
            return super().permission_policy
        return RegencyScopedPolicy(self.model, self.regency_lookup)

    def get_queryset(self, request):
        queryset = self.model._default_manager.all()
        if isinstance(self.permission_policy, RegencyScopedPolicy):
            return self.permission_policy.scoped(queryset, request.user)
        return queryset

    def deletion_blockers(self, obj) -> list[tuple[type[models.Model], int]]:
        return deletion_blockers(obj)

    # Merging duplicates (`merge_enabled`): a subclass says who may, what a
    # row may be merged into, and moves what uses it.
    merge_enabled = False

    def get_urlpatterns(self):
        urlpatterns = super().get_urlpatterns()
        if self.merge_enabled:
            urlpatterns.append(
                path(
                    f"merge/<{self.pk_path_converter}:pk>/",
                    MergeView.as_view(viewset=self),
                    name="merge",
                )
            )
        return urlpatterns

    def user_may_merge(self, user) -> bool:
        return False

    def merge_candidates(self, request, duplicate):
        return self.get_queryset(request).exclude(pk=duplicate.pk)

    def merge_problem(self, duplicate, kept) -> str:
        """Why `duplicate` cannot be merged into `kept`, or ""."""
        return ""

    def describe_uses(self, obj) -> str:
        """What moves to the kept row, in a sentence, or ""."""
        return ""

    def merge(self, duplicate, kept, user) -> None:
        raise NotImplementedError

    def merge_button(self, instance, user, next_url):
        if not (self.merge_enabled and self.user_may_merge(user)):
            return None
        url = reverse(self.get_url_name("merge"), args=[instance.pk])
        return Button(
            _("Merge into another"),
            url=f"{url}?next={next_url}" if next_url else url,
            icon_name="resubmit",
            priority=25,
        )


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
    only administrators add or remove one; a regency's editors see their own
    regency's facts, read-only."""

    model = Regency
    regency_lookup = "pk"
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "short_name",
        "kind",
        "seat",
        "code",
        "code_bps",
        "latitude",
        "longitude",
        "motto",
        "anniversary",
        "area_km2",
        "population",
        "theme",
        "editors",
    ]
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
