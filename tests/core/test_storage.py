import io
import os
from unittest import mock

from django.conf import settings
from django.core.files.images import ImageFile
from django.test import TestCase, override_settings

from wagtail.images import get_image_model

import boto3
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage

from tests.core.test_production import production_facts

BUCKET = "agenda-media-test"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "agenda-test",
    "AWS_SECRET_ACCESS_KEY": "agenda-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def png_file(name="pantai.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 400), (0, 120, 110)).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


class S3MediaTests(TestCase):
    """Media on S3-compatible object storage, as production configures it,
    against a local S3 server (moto's server mode on the loopback)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        cls.server.start()
        host, port = cls.server.get_host_and_port()
        cls.endpoint = f"http://{host}:{port}"
        cls.environ = mock.patch.dict(os.environ, CREDENTIALS)
        cls.environ.start()
        default = production_facts(
            DATABASE_URL="sqlite:////tmp/agenda-prod-test.db",
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=cls.endpoint,
        )["storages"]["default"]
        cls.storage_settings = override_settings(
            STORAGES={**settings.STORAGES, "default": default}
        )
        cls.storage_settings.enable()
        cls.s3 = boto3.client("s3", endpoint_url=cls.endpoint)
        cls.s3.create_bucket(Bucket=BUCKET)

    @classmethod
    def tearDownClass(cls):
        cls.storage_settings.disable()
        cls.environ.stop()
        cls.server.stop()
        super().tearDownClass()

    def stored_keys(self):
        listing = self.s3.list_objects_v2(Bucket=BUCKET)
        return {item["Key"] for item in listing.get("Contents", [])}

    def test_uploaded_image_and_its_renditions_are_stored_in_the_bucket(self):
        """An editor's image lands in the bucket, its URL points there, and a
        rendition is read from and written back to the bucket."""
        image = get_image_model().objects.create(
            title="Pantai Gigi Hiu", file=png_file()
        )
        self.assertIn(image.file.name, self.stored_keys())
        self.assertIs(
            image.file.url.startswith(f"{self.endpoint}/{BUCKET}/original_images/"),
            True,
        )
        rendition = image.get_rendition("fill-320x200")
        self.assertIn(rendition.file.name, self.stored_keys())
        self.assertEqual((rendition.width, rendition.height), (320, 200))

    def test_same_file_name_never_overwrites_another_upload(self):
        """Two uploads with one file name are kept apart (file_overwrite off)."""
        first = get_image_model().objects.create(title="Satu", file=png_file("a.png"))
        second = get_image_model().objects.create(title="Dua", file=png_file("a.png"))
        self.assertNotEqual(first.file.name, second.file.name)
        self.assertLessEqual({first.file.name, second.file.name}, self.stored_keys())
