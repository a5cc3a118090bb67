"""Media storage faults: the local disk full, object storage unreachable.

What must hold (issue 21): an upload that cannot be stored ends in a clear
message and leaves no database row without its file and no file without its
row; public pages keep answering when a rendition cannot be written.

- `MediaStorage` (the local default) removes a file it could not finish
  writing (disk full mid-write), so no partial file outlives the failure.
  A file is written before its row (Django's FileField), so a failed write
  never leaves a row.
- `is_storage_fault` says which errors mean "the store cannot take a file
  now" rather than a bug.
- `StorageFaultMiddleware` turns such an error in any request into a 503
  page saying nothing was saved, in Indonesian and English.
- `writable_problem` lets a form refuse an upload before anything is
  written, keeping what was typed.
"""

import errno
import logging
import shutil

from django.core.files.storage import FileSystemStorage, default_storage
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

logger = logging.getLogger(__name__)

# OSError numbers that mean the store itself is at fault.
STORE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}
# Room kept free beyond the upload itself (renditions follow it).
HEADROOM = 20 * 1024 * 1024
RETRY_AFTER_SECONDS = 120

OBJECT_STORE_ERRORS = (BotoCoreError, ClientError)


def is_storage_fault(error: BaseException) -> bool:
    if isinstance(error, OBJECT_STORE_ERRORS):
        return True
    return isinstance(error, OSError) and error.errno in STORE_ERRNOS


class ObjectStorage(S3Storage):
    """django-storages' S3 storage that gives up in seconds when the store
    cannot be reached (a clear message at once), not after botocore's
    default of a minute per try and five tries."""

    def __init__(self, **settings):
        super().__init__(**settings)
        self.client_config = self.client_config.merge(
            Config(connect_timeout=3, read_timeout=15, retries={"max_attempts": 2})
        )


class MediaStorage(FileSystemStorage):
    """The local media folder, never leaving a partly written file."""

    def _save(self, name, content):
        existed = self.exists(name)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed and self.exists(name):
                self.delete(name)
            raise


def writable_problem(size: int, storage=None) -> str:
    """Why the store cannot take a file of `size` bytes now, or ""."""
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):
        try:
            free = shutil.disk_usage(storage.location).free
        except OSError:
            return ""
        if free < size + HEADROOM:
            return _(
                "The file store is full, so the file cannot be saved now. "
                "Nothing was saved; tell the administrator and try again later."
            )
        return ""
    try:
        storage.exists("healthcheck/probe")
    except OBJECT_STORE_ERRORS:
        return _(
            "The file store cannot be reached, so the file cannot be saved now. "
            "Nothing was saved; try again in a few minutes."
        )
    return ""


class StorageFaultMiddleware:
    """A request that failed because the store could not take a file gets a
    503 page saying so (nothing was saved), not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_storage_fault(exception):
            return None
        logger.error("Media storage fault on %s", request.path, exc_info=exception)
        referer = request.headers.get("Referer", "")
        back = (
            referer
            if referer.startswith(request.build_absolute_uri("/"))
            else "/admin/"
        )
        response = TemplateResponse(
            request, "storage_unavailable.html", {"back": back}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
