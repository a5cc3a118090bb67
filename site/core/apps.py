from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = _("core")

    def ready(self):
        # Signal receivers for new translations, and the translation report's
        # admin hooks (kept apart from wagtail_hooks.py, which holds the page bin).
        from . import i18n, translation_report  # noqa: F401
