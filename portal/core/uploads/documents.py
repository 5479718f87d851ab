"""The document types a CV may be, and the messages that refuse a document."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


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
EXPANDS = _("This document expands to far more than its size: it was refused.")
MACROS = _(
    "This document contains macros or scripts, which we do not accept. Please save it as a "
    "plain DOCX, ODT or PDF document, without macros, and retry."
)
LINKED = _(
    "This document fetches content from elsewhere or runs commands when opened (a remote "
    "template, a linked file or a DDE field), which we do not accept. Please save it as a "
    "plain DOCX, ODT or PDF document and retry."
)
PDF_ACTIVE = _(
    "This PDF contains active content (scripts, actions that open programs, embedded files "
    "or interactive forms), which we do not accept. Please save it again as a plain PDF, "
    "for example with “Print to PDF”, and retry."
)
PDF_ENCRYPTED = _(
    "This PDF is encrypted or protected by a password, so it cannot be checked. Please send "
    "it without protection."
)
PDF_UNCHECKABLE = _(
    "This PDF is built in a way we cannot check. Please save it again as a plain PDF, for "
    "example with “Print to PDF”, and retry."
)
