"""Small documents built in memory for the upload tests (valid and malicious)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"xref\n0 3\n0000000000 65535 f \ntrailer << /Root 1 0 R /Size 3 >>\n"
    b"startxref\n60\n%%EOF\n"
)


def zipped(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def odt() -> bytes:
    return zipped(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
        compression=zipfile.ZIP_STORED,
    )


def zip_bomb() -> bytes:
    """A DOCX-looking archive declaring 60 MB of zeros in a few kilobytes."""
    return zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"\0" * (60 * 1024 * 1024),
        }
    )


def executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 200 + b"This program cannot be run in DOS mode"


def upload(content: bytes, name: str = "cv.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)
