"""Staff accounts, for administrators: one form adds a provincial moderator
or a regency's editor (name, e-mail, role, language), who sets their own
password through an e-mailed link (Django's password reset token, Wagtail's
reset screens); the staff list deactivates and reactivates people, which
keeps everything they wrote (pages, revisions, ownership), and sends the link
again. The groups are core.roles': the moderators group by name, a regency's
editors group by `Regency.editors`.
"""

import re
import smtplib
from urllib.parse import urljoin

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.users.models import UserProfile

from .admin_snippets import has_control_characters
from .models import Regency
from .roles import PROVINCIAL_MODERATOR

MODERATOR = "moderator"
EDITOR_PREFIX = "regency-"
USERNAME_MAX = 150


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


class AdministratorsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def staff_groups():
    """The moderators group and every regency's editors group."""
    return Group.objects.filter(
        Q(name=PROVINCIAL_MODERATOR.group_name) | Q(regency__isnull=False)
    )


def username_for(email: str) -> str:
    """The part of the e-mail address before "@", in the characters Django
    allows in a username, made unique with a number."""
    User = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", email.split("@", 1)[0])[: USERNAME_MAX - 4]
    base = base or "staf"
    candidate, number = base, 2
    while User.objects.filter(username__iexact=candidate).exists():
        candidate, number = f"{base}{number}", number + 1
    return candidate


def password_link(user) -> str:
    """The absolute address where `user` sets a password (valid for
    PASSWORD_RESET_TIMEOUT, until the password changes)."""
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path.lstrip("/"))


def send_invitation(user) -> bool:
    """E-mail `user`, in their admin language, the link to set their
    password. False if the mail server refused it."""
    language = (
        UserProfile.get_for_user(user).preferred_language or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        subject = _("Your account for the Agenda Lampung admin")
        body = render_to_string(
            "core/admin/staff_invitation_email.txt",
            {
                "user": user,
                "link": password_link(user),
                "login_url": urljoin(
                    settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/",
                    reverse("wagtailadmin_login").lstrip("/"),
                ),
                "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            },
        )
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, smtplib.SMTPException):
        return False
    return True


class StaffForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"))
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the admin and of e-mails")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = settings.LANGUAGE_CODE
        editors = [
            (f"{EDITOR_PREFIX}{regency.pk}", regency.name)
            for regency in Regency.objects.filter(editors__isnull=False).order_by(
                "name"
            )
        ]
        self.fields["role"].choices = [
            ("", "---------"),
            (MODERATOR, _("Provincial moderator")),
            (_("Editor of a regency or city"), editors),
        ]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if has_control_characters(name):
            raise forms.ValidationError(
                _(
                    "Remove the invisible control characters (such as line "
                    "breaks, tabs or direction marks) from this text."
                )
            )
        return name

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "%(email)s already has an account: find that person in the "
                    "list of staff (or of users) instead."
                )
                % {"email": email}
            )
        return email

    def clean_role(self) -> Group:
        role = self.cleaned_data["role"]
        if role == MODERATOR:
            group = Group.objects.filter(name=PROVINCIAL_MODERATOR.group_name).first()
        else:
            regency = Regency.objects.filter(
                pk=role.removeprefix(EDITOR_PREFIX)
            ).first()
            group = regency.editors if regency else None
        if group is None:
            raise forms.ValidationError(
                _("This role's group does not exist yet: run setup_province.")
            )
        return group


def create_staff(form: StaffForm):
    data = form.cleaned_data
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username_for(data["email"]),
            data["email"],
            password=None,  # unusable until they set one through the link
            first_name=data["name"],
        )
        user.groups.add(data["role"])
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = data["language"]
        profile.save()
    return user


class StaffAddView(AdministratorsOnlyMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "core/admin/staff_form.html"
    form_class = StaffForm
    page_title = gettext_lazy("Add staff")
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("core_staff"), "label": _("Staff")},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        user = create_staff(form)
        if send_invitation(user):
            messages.success(
                self.request,
                _(
                    "%(name)s was added; an e-mail to %(email)s has the link to "
                    "set a password."
                )
                % {"name": user.get_full_name(), "email": user.email},
            )
        else:
            messages.error(
                self.request,
                _(
                    "%(name)s was added, but the e-mail could not be sent: send "
                    "the link again from the list."
                )
                % {"name": user.get_full_name()},
            )
        return redirect("core_staff")


class StaffIndexView(AdministratorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/staff.html"
    page_title = gettext_lazy("Staff")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        # Without its own crumb the header shows the last one, "Home".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        users = (
            get_user_model()
            .objects.filter(groups__in=staff_groups())
            .distinct()
            .prefetch_related("groups")
            .order_by("-is_active", "first_name", "username")
        )
        staff = {g.pk for g in staff_groups()}
        context["rows"] = [
            (user, [g.name for g in user.groups.all() if g.pk in staff])
            for user in users
        ]
        context["add_url"] = reverse("core_staff_add")
        return context


def staff_member(user_id):
    return get_object_or_404(
        get_user_model().objects.filter(groups__in=staff_groups()).distinct(),
        pk=user_id,
    )


class StaffActiveView(AdministratorsOnlyMixin, TemplateView):
    """POST: deactivate (`active=0`) or reactivate a person. A deactivated
    person cannot sign in; their pages and revisions keep them as owner and
    author."""

    http_method_names = ["post"]

    def post(self, request, user_id):
        user = staff_member(user_id)
        active = request.POST.get("active") == "1"
        if user.pk == request.user.pk:
            messages.error(request, _("You cannot deactivate yourself."))
            return redirect("core_staff")
        user.is_active = active
        user.save(update_fields=["is_active"])
        if active:
            message = _("%(name)s can sign in again.")
        else:
            message = _(
                "%(name)s can no longer sign in; their pages and revisions are kept."
            )
        messages.success(request, message % {"name": user.get_full_name() or user})
        return redirect("core_staff")


class StaffInviteView(AdministratorsOnlyMixin, TemplateView):
    """POST: e-mail the link to set a password again."""

    http_method_names = ["post"]

    def post(self, request, user_id):
        user = staff_member(user_id)
        if not user.is_active:
            messages.error(request, _("Reactivate this person first."))
        elif not user.email:
            messages.error(request, _("This person has no e-mail address."))
        elif send_invitation(user):
            messages.success(
                request, _("The link was sent to %(email)s.") % {"email": user.email}
            )
        else:
            messages.error(request, _("The e-mail could not be sent; try again later."))
        return redirect("core_staff")
