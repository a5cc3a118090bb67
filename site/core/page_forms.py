"""The admin form every page's form is built on (BasePage.base_form_class);
pages with fields only the provincial staff set build on its subclass in
core.provincial_fields.

Apart from core.forms (the image form) because the models import it: it may
import nothing that needs the models loaded.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .text import has_control_characters

SINGLE_LINE_MESSAGE = _(
    "Remove the invisible control characters (such as line breaks, tabs or "
    "direction marks) from this text."
)
MULTI_LINE_MESSAGE = _(
    "Remove the invisible control characters (such as direction marks) from "
    "this text; line breaks are fine."
)


class BasePageForm(WagtailAdminPageForm):
    """The admin form of every page; an app's own page form subclasses it.

    Text typed in a one-line box (the title, SEO title, summary, organiser…)
    holds no control character, line break or bidirectional override, and
    a multi-line box no control character but line breaks and tabs: these
    texts go into e-mail subjects, iCal, the booklet and calendar apps as
    they are (core.text). The form refuses them next to the field, keeping
    everything else that was typed.
    """

    def clean(self):
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            value = cleaned_data.get(name)
            if not isinstance(value, str) or not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, forms.TextInput):
                multiline, message = False, SINGLE_LINE_MESSAGE
            elif isinstance(field.widget, forms.Textarea):
                multiline, message = True, MULTI_LINE_MESSAGE
            else:
                continue  # rich text, choices: not typed as plain text
            if has_control_characters(value, multiline=multiline):
                self.add_error(name, message)
        return cleaned_data
