"""Admin form of the brand page."""

from django.utils.translation import gettext_lazy as _

from core.page_forms import BasePageForm


class BrandPageForm(BasePageForm):
    """Regency editors edit their brand page but cannot move it to another
    regency: only users who may change regencies (moderators, admins) can
    pick the regency."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regency = self.fields.get("regency")
        user = self.for_user
        if regency is None or user is None or user.has_perm("core.change_regency"):
            return
        if self.instance.regency_id:
            regency.disabled = True
            regency.help_text = _("Set by the provincial moderators.")
