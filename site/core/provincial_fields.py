"""The admin form of pages with fields only the provincial staff set.

Apart from core.page_forms because it needs core.roles, which needs the core
models, which name core.page_forms' form while they are being defined.
"""

from django.utils.translation import gettext_lazy as _

from .page_forms import BasePageForm
from .roles import is_provincial_staff


class ProvincialFieldsPageForm(BasePageForm):
    """The admin form of pages with fields only the provincial staff set: the
    names in the page model's `provincial_fields` (the regency of an event
    folder, brand page or anjungan; an event's highlight). Anyone else sees
    them disabled with the page's value: Django then ignores what is posted
    for them and keeps that value, so a crafted request changes nothing there
    while the rest of the form is saved as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or is_provincial_staff(user):
            return
        # The page's current values: reverting to an older revision edits that
        # revision, which must not bring back what the staff changed since.
        latest = self.instance.latest_revision if self.instance.pk else None
        current = latest.content if latest is not None else {}
        for name in getattr(self._meta.model, "provincial_fields", ()):
            field = self.fields.get(name)
            if field is None:
                continue
            field.disabled = True
            field.help_text = _("Set by the provincial moderators.")
            if name in current:
                self.initial[name] = current[name]
