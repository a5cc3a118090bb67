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

        self.pin_public_reads_after_page_changes()

    @staticmethod
    def pin_public_reads_after_page_changes():
        """Wagtail purges a page from the shared caches when it is published,
        unpublished, moved or deleted; the next public request must then not
        read an older copy from a lagging replica (core/replicas.py)."""
        from django.db.models.signals import post_delete

        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .replicas import pin_public_reads_to_primary

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(pin_public_reads_to_primary, dispatch_uid="replicas")
        post_delete.connect(
            pin_public_reads_to_primary, sender=Page, dispatch_uid="replicas"
        )
