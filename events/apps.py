from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("events")

    def ready(self):
        # Receivers need the models, which are only importable once apps are ready.
        from . import publishing

        publishing.register()
