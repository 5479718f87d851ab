"""Uploads read from the request: nothing written to disk past the largest size any form
accepts (settings.FILE_UPLOAD_HANDLERS)."""

import io
import logging

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

logger = logging.getLogger(__name__)


def upload_limit() -> int:
    """The largest file any form accepts; each form checks its own, smaller or equal, limit."""
    return max(settings.CV_MAX_UPLOAD_BYTES, settings.IMAGE_MAX_UPLOAD_BYTES)


class OversizedUpload(UploadedFile):
    """What is left of an upload past `upload_limit()`: its name and real size, no content.
    The form's size check (check_document, check_image) refuses it with that size."""

    def __init__(self, name: str, size: int, content_type: str, charset: str | None):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler that stops writing past `upload_limit()`: the rest
    of the upload is read from the request (and counted) but neither kept nor written, and
    the partial file is deleted at once. The other fields of the form are still read, so the
    form shows again with a clear message about the size (no 5xx, nothing saved).

    Bodies too large for any form should not even reach Django: the reverse proxy refuses
    them (README, "Production"). Small bodies stay in memory (MemoryFileUploadHandler)."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.refused or start + len(raw_data) > upload_limit():
            if not self.refused:
                self.refused = True
                self.file.close()  # a named temporary file: closing it deletes it
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile:
        if self.refused:
            logger.info("Upload of %s bytes not kept (limit %s)", file_size, upload_limit())
            return OversizedUpload(self.file_name, file_size, self.content_type, self.charset)
        return super().file_complete(file_size)
