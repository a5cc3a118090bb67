"""Image uploads in the admin: alt text is required, and files over the size
or pixel limits are refused with a message and leave nothing behind."""

import io
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from PIL import Image as PILImage

from core.images import attach_images, prefetch_renditions
from home.models import HomePage

Image = get_image_model()


def png(size: tuple[int, int], mode: str = "RGB", noise: bool = False) -> bytes:
    """A PNG of `size`; with `noise`, random pixels stored uncompressed, so
    the file is as large as its pixels."""
    if noise:
        pixels = os.urandom(size[0] * size[1] * 3)
        image = PILImage.frombytes("RGB", size, pixels)
        level = 0
    else:
        image = PILImage.new(mode, size, 0)
        level = 9
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=level)
    return buffer.getvalue()


def stored_files(stem: str) -> set[Path]:
    """Original image files named after an upload (other test runs may be
    writing other files to the same folder meanwhile)."""
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    return set(folder.glob(f"{stem}*"))


class ImageUploadTests(TestCase):
    """An administrator uploading through the admin's "Add an image" form."""

    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser(
            "uploader", "uploader@example.org", "uploader-password-2027"
        )
        # English admin, so the messages below are Wagtail's English ones.
        profile = UserProfile.get_for_user(cls.user)
        profile.preferred_language = "en"
        profile.save()
        cls.collection = Collection.get_first_root_node()

    def setUp(self):
        self.client.force_login(self.user)

    def upload(self, content: bytes, name: str, description: str = "Pantai Krui"):
        return self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Unggahan",
                "description": description,
                "collection": self.collection.pk,
                "file": SimpleUploadedFile(name, content, content_type="image/png"),
            },
        )

    def assert_refused(self, response, message: str, before: int, files: set):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertEqual(Image.objects.count(), before)
        self.assertEqual(stored_files(self.stem), files)

    def test_file_over_the_size_limit_is_refused_with_a_message(self):
        """A 10.3 MB upload (limit 10 MB) is refused naming both sizes."""
        content = png((1900, 1900), noise=True)
        self.assertGreater(len(content), settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
        self.stem = "besar"
        before, files = Image.objects.count(), stored_files(self.stem)
        response = self.upload(content, "besar.png")
        self.assert_refused(response, "This file is too big", before, files)
        self.assertContains(response, "Maximum filesize 10.0\xa0MB")

    def test_image_over_the_pixel_limit_is_refused_with_a_message(self):
        """An 8,000 × 6,000 image (48 megapixels; limit 40) is refused, even
        though its file is small."""
        content = png((8000, 6000), mode="1")
        self.assertLess(len(content), 1024 * 1024)
        self.stem = "lebar"
        before, files = Image.objects.count(), stored_files(self.stem)
        response = self.upload(content, "lebar.png")
        self.assert_refused(
            response, "This image has more than 40 megapixels.", before, files
        )

    def test_alt_text_is_required(self):
        """An upload without a description (the alt text) is refused."""
        self.stem = "tanpa-alt"
        before, files = Image.objects.count(), stored_files(self.stem)
        response = self.upload(png((40, 30)), "tanpa-alt.png", description="")
        self.assert_refused(response, "This field is required", before, files)
        form = response.context["form"]
        self.assertIn("description", form.errors)

    def test_image_with_alt_text_within_the_limits_is_saved(self):
        """A small image with its alt text is stored."""
        response = self.upload(png((40, 30)), "kecil.png")
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get(title="Unggahan")
        self.assertEqual(image.description, "Pantai Krui")
        self.assertEqual((image.width, image.height), (40, 30))
        image.file.delete(save=False)

    def test_every_image_form_requires_the_alt_text(self):
        """The form used by the admin, the chooser and bulk upload requires
        the description and calls it alt text."""
        form = get_image_form(Image)(user=self.user)
        self.assertIs(form.fields["description"].required, True)
        with translation.override("en"):
            self.assertEqual(str(form.fields["description"].label), "Alt text")


class ImageQueryTests(TestCase):
    """The helpers that load a page's images in a fixed number of queries."""

    @classmethod
    def setUpTestData(cls):
        cls.images = [
            Image.objects.create(
                title=f"Gambar {i}",
                description=f"Gambar {i}",
                file=SimpleUploadedFile(f"g{i}.png", png((20, 10))),
            )
            for i in range(3)
        ]
        for image in cls.images:
            image.get_rendition("fill-10x10")

    def test_attach_images_uses_one_query(self):
        """A page's image keys are resolved in one query."""
        home = HomePage.objects.get()
        home.hero_image_id = self.images[0].pk
        home.social_image_id = self.images[1].pk
        with self.assertNumQueries(1):
            attach_images([home], "hero_image", "social_image")
            self.assertEqual(home.hero_image.title, "Gambar 0")
            self.assertEqual(home.social_image.title, "Gambar 1")

    def test_renditions_of_many_images_come_in_one_query(self):
        """However many images, their renditions come in one query, after
        which no rendition needs a query."""
        images = list(Image.objects.all())
        with self.assertNumQueries(1):
            prefetch_renditions([*images, None, images[0]])
        with self.assertNumQueries(0):
            for image in images:
                image.get_rendition("fill-10x10")
