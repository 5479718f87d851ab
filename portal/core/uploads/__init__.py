"""Uploaded documents (CVs): checked by their content, never by their name, and stored
where no URL reaches them.

A document is accepted when its bytes are a PDF (header and trailer), a DOCX or an ODT
(a ZIP archive with the parts those formats require), within the size limit. ZIP archives
are inspected from their directory first, and refused when they declare too many entries or
too much content: a zip bomb is refused before it can expand.

Active content is refused, not cleaned:

- DOCX: macros (a `vbaProject.bin` or `vbaData` part, a macro-enabled or ActiveX content
  type: a `.docm` renamed `.docx`) and ActiveX controls.
- ODT: StarBasic or script libraries (`Basic/`, `Scripts/`) and events bound to macros.
- PDF: JavaScript, launch actions, additional actions, embedded files, rich media and XFA
  forms (see `pdf._check_pdf_content` for how far the scan goes), and encrypted files, which
  cannot be checked.

`LimitedUploadHandler` (settings.FILE_UPLOAD_HANDLERS) stops writing an upload to disk past
the largest size any form accepts, so a huge body costs no disk; the form then refuses it
with its size. Private files that no row references are removed by `portal/core/private_files.py`.

The package: `storage` (private storage), `handler` (the upload handler), `checks`
(`check_document`), with the content checks for PDF (`pdf`) and office documents (`office`),
and the document types and refusal messages (`documents`). Settings, migrations and the
apps import from the package itself, as below.
"""

from portal.core.uploads.checks import check_document
from portal.core.uploads.documents import CONTENT_TYPES, DOCX, ODT, PDF, DocumentType
from portal.core.uploads.handler import LimitedUploadHandler, OversizedUpload, upload_limit
from portal.core.uploads.storage import WRITTEN, PrivateStorage, private_storage

__all__ = [
    "CONTENT_TYPES",
    "DOCX",
    "ODT",
    "PDF",
    "WRITTEN",
    "DocumentType",
    "LimitedUploadHandler",
    "OversizedUpload",
    "PrivateStorage",
    "check_document",
    "private_storage",
    "upload_limit",
]
