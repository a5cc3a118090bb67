from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("events")

    def ready(self):
        # purge first: its receivers read the occurrences before they are replaced.
        from . import purge, signal_handlers  # noqa: F401
