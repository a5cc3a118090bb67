"""The editors' translation report: "Reports › Pages without English".

Lists the pages the current user may edit that exist in the default language
(Indonesian) but lack a version in another site language, each with a link to
Wagtail's simple translation form, which copies the page into that language
for the editor to translate. Its URLs and menu item: core.wagtail_hooks.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports.base import PageReportView
from wagtail.models import Locale, Page
from wagtail.permissions import page_permission_policy


def untranslated_pages(user, locales=None):
    """Pages in the default language that `user` may edit and that lack a
    translation into one of `locales` (default: every other site locale)."""
    default = Locale.get_default()
    if locales is None:
        locales = Locale.objects.exclude(pk=default.pk)
    missing = Q()
    for locale in locales:
        missing |= ~Exists(
            Page.objects.filter(
                translation_key=OuterRef("translation_key"), locale_id=locale.pk
            )
        )
    if not missing:
        return Page.objects.none()
    return (
        page_permission_policy.instances_user_has_permission_for(user, "change")
        .filter(locale_id=default.pk, depth__gt=1)
        .filter(missing)
        .order_by("path")
    )


class UntranslatedPagesView(PageReportView):
    """The report itself (a Wagtail page report: filters, pagination, export)."""

    page_title = _("Pages without English")
    header_icon = "globe"
    results_template_name = "core/admin/untranslated_pages_results.html"
    index_url_name = "untranslated_pages"
    index_results_url_name = "untranslated_pages_results"
    permission_required = "change"

    def get_filename(self):
        return "pages-without-english"

    def get_queryset(self):
        self.queryset = untranslated_pages(self.request.user).select_related("locale")
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_translate"] = self.request.user.has_perm(
            "simple_translation.submit_translation"
        )
        return context


class UntranslatedPagesMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_permission(request.user, "change")
