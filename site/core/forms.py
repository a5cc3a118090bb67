"""Admin forms shared by several apps."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from . import renditions, storage
from .security import CheckedImageField


class ImageForm(BaseImageForm):
    """Wagtail's image form with the description (Wagtail's alt text) required,
    so every uploaded image can be described to people who cannot see it.
    Whether an image is decorative is decided where it is placed, not here.
    Used through the WAGTAILIMAGES_IMAGE_FORM_BASE setting."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields.get("file")
        if type(file_field) is WagtailImageField:
            # Decode uploads fully, so a damaged file is refused here instead of
            # crashing the upload or its renditions (core.security).
            file_field.__class__ = CheckedImageField
        description = self.fields.get("description")
        if description is not None:
            description.required = True
            description.label = _("Alt text")
            description.help_text = _(
                "Describe what the image shows for people who cannot see it, "
                "for example “Fishing boats on the beach at Krui at sunset”."
            )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None and "file" in self.changed_data:
            # Refused before anything is written, keeping what was typed:
            # the store is full or cannot be reached.
            problem = storage.writable_problem(getattr(upload, "size", 0) or 0)
            if problem:
                self.add_error("file", problem)
        return cleaned

    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit:
            # A new file or focal point drops the old renditions: make the
            # pages' ones again now, not in a visitor's request. robust: the
            # image is saved whatever storage answers now; the hourly
            # warm_renditions job (or a page view) makes what is missing.
            transaction.on_commit(
                lambda: renditions.warm_references(image), robust=True
            )
        return image
