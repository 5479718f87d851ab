"""Small documents built in memory for the upload tests (valid and malicious)."""

import io
import zipfile
import zlib

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


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    b'openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
    b'main+xml"/></Types>'
)
ROOT_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)


def relationships(*relationships: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships">' + b"".join(relationships) + b"</Relationships>"
    )


def docx(body: bytes = b"<w:p><w:r><w:t>CV</w:t></w:r></w:p>", parts: dict | None = None) -> bytes:
    """A minimal Word document with this body, and these other parts (name: content)."""
    return zipped(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": ROOT_RELS,
            "word/document.xml": b'<?xml version="1.0"?><w:document %s><w:body>%s</w:body>'
            b"</w:document>" % (W, body),
            **(parts or {}),
        }
    )


def docm() -> bytes:
    """A macro-enabled Word document (what Word saves as .docm), renamed .docx."""
    return zipped(
        {
            "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" ContentType='
            b'"application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA AutoOpen Shell",
        }
    )


def odt(extra: dict[str, bytes] | None = None, content: bytes = b"<office/>") -> bytes:
    return zipped(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": content,
            **(extra or {}),
        },
        compression=zipfile.ZIP_STORED,
    )


def pdf(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A small PDF whose objects, numbered from 1, are these (object 1 the catalogue)."""
    body = b"%PDF-1.7\n"
    for number, obj in enumerate(objects, 1):
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    size = len(objects) + 1
    return body + b"trailer\n<< /Root 1 0 R /Size %d %s>>\nstartxref\n9\n%%%%EOF\n" % (
        size,
        trailer,
    )


def stream(data: bytes, dictionary: bytes = b"", compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data)
        dictionary = b"/Filter /FlateDecode " + dictionary
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), dictionary, data)


def object_stream(*objects: bytes, dictionary: bytes = b"", compress: bool = True) -> bytes:
    """An object stream (PDF 1.5) holding these objects, numbered from 10."""
    offsets, body = [], b""
    for obj in objects:
        offsets.append(len(body))
        body += obj + b" "
    header = b" ".join(b"%d %d" % (10 + i, offset) for i, offset in enumerate(offsets)) + b" "
    return stream(
        header + body,
        b"/Type /ObjStm /N %d /First %d %s" % (len(objects), len(header), dictionary),
        compress=compress,
    )


CATALOGUE = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"


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
