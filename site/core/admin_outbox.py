"""Settings › Outgoing e-mail: the outbox (core.outbox) for administrators:
what was sent, what waits and why, what failed, and sending it again."""

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import outbox
from .admin_staff import AdministratorsOnlyMixin
from .models import OutgoingEmail

PER_PAGE = 50
# Ids are 64-bit at most: longer digit strings are refused, not sent to
# the database (SQLite raises OverflowError on them).
MAX_ID_DIGITS = 18


class OutboxIndexView(AdministratorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/outbox.html"
    page_title = gettext_lazy("Outgoing e-mail")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        # Without its own crumb the header shows the last one, "Home".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        if status not in OutgoingEmail.Status.values:
            status = ""
        emails = OutgoingEmail.objects.order_by("-created_at", "-pk").defer("content")
        if status:
            emails = emails.filter(status=status)
        context["page_obj"] = Paginator(emails, PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        context["status"] = status
        context["statuses"] = OutgoingEmail.Status.choices
        context["max_attempts"] = outbox.MAX_ATTEMPTS
        return context


class OutboxResendView(AdministratorsOnlyMixin, TemplateView):
    """POST `email` (one or more ids): put them back in the queue."""

    http_method_names = ["post"]

    def post(self, request):
        pks = [
            int(pk)
            for pk in request.POST.getlist("email")[:PER_PAGE]
            if pk.isdigit() and len(pk) <= MAX_ID_DIGITS
        ]
        count = outbox.send_again(pks)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s e-mail will be sent again within a minute.",
                    "%(count)s e-mails will be sent again within a minute.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.error(
                request, _("Nothing to send again: choose a sent or failed e-mail.")
            )
        return redirect("core_outbox")
