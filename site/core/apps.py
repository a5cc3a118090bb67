from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = _("core")

    def ready(self):
        # Receivers need the models, which are only importable once apps are ready.
        from . import checks, i18n, moderation, renditions, replicas, search

        checks.register()
        i18n.register()
        moderation.register()
        renditions.register()
        replicas.register()
        search.register()
