"""Checks of a document's content: its type from its bytes, never its name."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal.core.uploads.documents import NOT_A_DOCUMENT, PDF, DocumentType
from portal.core.uploads.office import check_office_archive
from portal.core.uploads.pdf import check_pdf

PDF_HEADER = re.compile(rb"^%PDF-\d\.\d")


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
        check_pdf(upload)
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return check_office_archive(upload)
    raise ValidationError(NOT_A_DOCUMENT)
