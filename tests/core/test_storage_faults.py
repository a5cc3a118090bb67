"""Media storage faults (issue 21): S3-compatible storage unreachable (a
real local S3 server, moto's, stopped) and the local disk full (a real
512 KB tmpfs). An upload ends in a clear message in the user's language
and leaves no row without its file and no file without its row; public
pages keep answering when a rendition cannot be written."""

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import TestCase, override_settings

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import boto3
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage

from core import renditions
from core.storage import MediaStorage
from tests.core.test_production import production_facts
from tests.core.test_storage import BUCKET, CREDENTIALS
from tests.security import report

UNREACHABLE = "Penyimpanan berkas tidak dapat dihubungi"
FULL = "Penyimpanan berkas penuh"
PAGE = "Penyimpanan berkas tidak tersedia"


def png_bytes(size=(640, 400)) -> bytes:
    buffer = io.BytesIO()
    # Noise, so the PNG does not compress to nothing.
    PILImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(
        buffer, "PNG"
    )
    return buffer.getvalue()


def upload(name="pantai.png", size=(640, 400)):
    return SimpleUploadedFile(name, png_bytes(size), "image/png")


class AdminUploads:
    """Posting an image and a document as an administrator."""

    def post_image(self, title):
        return self.client.post(
            "/admin/images/add/",
            {"title": title, "description": "Pantai", "file": upload(), "tags": ""},
        )

    def post_document(self, title):
        return self.client.post(
            "/admin/documents/add/",
            {
                "title": title,
                "file": SimpleUploadedFile(
                    "jadwal.pdf", b"%PDF-1.4\n" + os.urandom(4096)
                ),
                "tags": "",
            },
        )


class ObjectStoreDownTests(AdminUploads, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", "root@example.org", "x")

    def setUp(self):
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        self.addCleanup(self.stop)
        host, port = self.server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        environ = mock.patch.dict(os.environ, CREDENTIALS)
        environ.start()
        self.addCleanup(environ.stop)
        default = production_facts(
            DATABASE_URL="sqlite:////tmp/agenda-prod-test.db",
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=endpoint,
        )["storages"]["default"]
        self.assertEqual(default["BACKEND"], "core.storage.ObjectStorage")
        storages = override_settings(STORAGES={**settings.STORAGES, "default": default})
        storages.enable()
        self.addCleanup(storages.disable)
        boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=BUCKET)
        self.client.force_login(self.admin)

    def stop(self):
        if self.server is not None:
            self.server.stop()
            self.server = None

    @report.holds(
        "S3 unreachable: image upload",
        "a message in the editor's language, typed fields kept, no row, no object",
        "form refused, title kept, 0 images",
    )
    def test_an_image_upload_is_refused_with_a_message_keeping_what_was_typed(self):
        self.stop()
        response = self.post_image("Pantai Tanjung Setia")
        self.assertContains(response, UNREACHABLE)
        self.assertContains(response, 'value="Pantai Tanjung Setia"')
        self.assertFalse(get_image_model().objects.exists())

    @report.holds(
        "S3 unreachable: document upload",
        "a 503 page saying nothing was saved, no row",
        "503 with Retry-After 120, 0 documents",
    )
    def test_a_document_upload_is_a_clear_page_and_saves_nothing(self):
        """Documents have no check before writing: the write fails, the
        request answers the 503 page saying nothing was saved, no row."""
        self.stop()
        response = self.post_document("Jadwal Festival")
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, PAGE, status_code=503)
        self.assertEqual(response["Retry-After"], "120")
        self.assertFalse(get_document_model().objects.exists())

    @report.holds(
        "S3 unreachable: rendition on a page",
        "the page renders without the image; feeds fall back to the drawn picture",
        "tag rendered nothing, URL helper empty, 0 rendition rows",
    )
    def test_a_rendition_that_cannot_be_made_leaves_the_image_out(self):
        """An image stored while the store answered, its rendition asked for
        once it stopped: the tag renders nothing, the URL helper gives ""
        (callers fall back to the drawn picture), never an exception."""
        image = get_image_model().objects.create(
            title="Teluk Kiluan", file=ContentFile(png_bytes(), "kiluan.png")
        )
        self.stop()
        html = Template('{% load core_tags %}{% rendition image "feed" %}').render(
            Context({"image": image})
        )
        self.assertEqual(html, "")
        self.assertEqual(renditions.rendition_url(image, "fill-1200x675"), "")
        self.assertFalse(image.renditions.exists())


def mount_tmpfs(test, size="512k") -> Path:
    folder = Path(tempfile.mkdtemp(prefix="agenda-full-"))
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if not (mount and umount):
        test.skipTest("mount and umount are not installed here")
    result = subprocess.run(  # noqa: S603 - a test's own small filesystem
        [mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        folder.rmdir()
        test.skipTest(f"cannot mount a small tmpfs here: {result.stderr.strip()}")
    test.addCleanup(folder.rmdir)
    test.addCleanup(subprocess.run, ["umount", str(folder)], check=False)
    return folder


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


class FullDiskTests(AdminUploads, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", "root@example.org", "x")

    def setUp(self):
        self.media = mount_tmpfs(self)
        storages = override_settings(
            MEDIA_ROOT=str(self.media),
            STORAGES={
                **settings.STORAGES,
                "default": {
                    "BACKEND": "core.storage.MediaStorage",
                    "OPTIONS": {"location": str(self.media)},
                },
            },
        )
        storages.enable()
        self.addCleanup(storages.disable)
        self.client.force_login(self.admin)

    @report.holds(
        "disk full mid-write",
        "ENOSPC raised, no partial file left",
        "ENOSPC, 0 files on the disk",
    )
    def test_a_write_that_fills_the_disk_leaves_no_partial_file(self):
        storage = MediaStorage(location=str(self.media))
        with self.assertRaises(OSError) as raised:
            storage.save("besar.bin", ContentFile(os.urandom(1024 * 1024)))
        self.assertEqual(raised.exception.errno, 28)  # ENOSPC
        self.assertEqual(files_in(self.media), [])

    @report.holds(
        "disk full: image upload",
        "a message in the editor's language, typed fields kept, no row, no file",
        "form refused, title kept, 0 images, 0 files",
    )
    def test_an_image_upload_is_refused_with_a_message_keeping_what_was_typed(self):
        response = self.post_image("Air Terjun Putri Malu")
        self.assertContains(response, FULL)
        self.assertContains(response, 'value="Air Terjun Putri Malu"')
        self.assertFalse(get_image_model().objects.exists())
        self.assertEqual(files_in(self.media), [])

    @report.holds(
        "disk full: document upload",
        "a 503 page saying nothing was saved, no row, no partial file",
        "503, 0 documents, 0 files",
    )
    def test_a_document_too_big_for_the_disk_is_a_clear_page_leaving_nothing(self):
        (self.media / "documents").mkdir()
        with mock.patch("core.storage.HEADROOM", 0):
            response = self.client.post(
                "/admin/documents/add/",
                {
                    "title": "Buku Panduan",
                    "file": SimpleUploadedFile(
                        "panduan.pdf", b"%PDF-1.4\n" + os.urandom(1024 * 1024)
                    ),
                    "tags": "",
                },
            )
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, PAGE, status_code=503)
        self.assertFalse(get_document_model().objects.exists())
        self.assertEqual(files_in(self.media), [])

    @report.holds(
        "disk full: rendition on a page",
        "the page renders without the image, no partial rendition file",
        "tag rendered nothing, 0 rendition rows or files",
    )
    def test_a_rendition_that_cannot_be_written_leaves_the_page_answering(self):
        image = get_image_model().objects.create(
            title="Pulau Pahawang", file=ContentFile(png_bytes((200, 150)), "p.png")
        )
        filler = self.media / "filler.bin"
        with filler.open("wb") as out, self.assertRaises(OSError):
            while True:
                out.write(os.urandom(64 * 1024))
                out.flush()
        html = Template('{% load core_tags %}{% rendition image "feed" %}').render(
            Context({"image": image})
        )
        self.assertEqual(html, "")
        self.assertFalse(image.renditions.exists())
        self.assertNotIn(
            "images", {p.parts[0] for p in map(Path, files_in(self.media))}
        )
