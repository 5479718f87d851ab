"""Uploaded documents (CVs): checked by their content, never by their name, and stored
where no URL reaches them.

A document is accepted when its bytes are a PDF (header and trailer), a DOCX or an ODT
(a ZIP archive with the parts those formats require), within the size limit. ZIP archives
are inspected from their directory only (nothing is decompressed but the few bytes of an
ODT's `mimetype`), and refused when they declare too many entries or too much content: a
zip bomb is refused before it can expand.
"""

import re
import zipfile
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ZIP_ENTRIES = 1000
MAX_ZIP_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ZIP_RATIO = 200
PDF_HEADER = re.compile(rb"^%PDF-\d\.\d")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str


PDF = DocumentType("pdf", "application/pdf")
DOCX = DocumentType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
ODT = DocumentType("odt", "application/vnd.oasis.opendocument.text")
CONTENT_TYPES = {kind.extension: kind.content_type for kind in (PDF, DOCX, ODT)}
NOT_A_DOCUMENT = _(
    "This file is not a PDF, DOCX or ODT document (its content was checked, not its name)."
)
DAMAGED = _("This document seems damaged or incomplete. Please save it again and retry.")


# The files written to private storage inside `private_files.kept_only_if_referenced()`.
WRITTEN: ContextVar[list | None] = ContextVar("private_files_written", default=None)


class PrivateStorage(FileSystemStorage):
    """Files outside the public media space: no URL, served only through staff views."""

    def url(self, name):
        raise ValueError("private files have no public URL")

    def _save(self, name, content):
        name = super()._save(name, content)
        written = WRITTEN.get()
        if written is not None:
            written.append((self, name))
        return name


def private_storage():
    return storages["private"]


def check_document(upload: UploadedFile) -> DocumentType:
    """The type of an uploaded CV, or ValidationError with a message for the visitor."""
    limit = settings.CV_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if PDF_HEADER.match(head):
        _check_pdf(upload)
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _check_office_archive(upload)
    raise ValidationError(NOT_A_DOCUMENT)


def _check_pdf(upload: UploadedFile) -> None:
    """A PDF ends with a cross-reference pointer and an end-of-file marker."""
    upload.seek(max(0, upload.size - 2048))
    tail = upload.read()
    upload.seek(0)
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(DAMAGED)


def _check_office_archive(upload: UploadedFile) -> DocumentType:
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            declared = sum(entry.file_size for entry in entries)
            packed = sum(entry.compress_size for entry in entries) or 1
            if (
                len(entries) > MAX_ZIP_ENTRIES
                or declared > MAX_ZIP_UNCOMPRESSED
                or declared / packed > MAX_ZIP_RATIO
            ):
                raise ValidationError(
                    _("This document expands to far more than its size: it was refused.")
                )
            names = {entry.filename for entry in entries}
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return DOCX
            if {"mimetype", "content.xml"} <= names:
                with archive.open("mimetype") as mimetype:
                    if mimetype.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                        return ODT
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise ValidationError(DAMAGED) from None
    finally:
        upload.seek(0)
    raise ValidationError(NOT_A_DOCUMENT)
