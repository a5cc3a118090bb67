"""Panels of the event's edit form that show, not edit."""

from django.core.exceptions import ObjectDoesNotExist

from wagtail.admin.panels import Panel


class ImportNotePanel(Panel):
    """On an imported event's edit form (events.calendar_import): the
    calendar it came from and, when flagged, why it needs a look."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/import_note_panel.html"

        def is_shown(self):
            self.imported = None
            if getattr(self.instance, "pk", None):
                try:
                    self.imported = self.instance.imported_from
                except ObjectDoesNotExist:
                    return False
            return self.imported is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["imported"] = self.imported
            return context
