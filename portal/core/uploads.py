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
  forms (see `_check_pdf_content` for how far the scan goes), and encrypted files, which
  cannot be checked.

`LimitedUploadHandler` (settings.FILE_UPLOAD_HANDLERS) stops writing an upload to disk past
the largest size any form accepts, so a huge body costs no disk; the form then refuses it
with its size. Private files that no row references are removed by `portal/private_files.py`.
"""

import bisect
import io
import logging
import re
import zipfile
import zlib
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import unquote
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

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


# The files written to private storage inside `private_files.kept_only_if_referenced()`.
WRITTEN: ContextVar[list | None] = ContextVar("private_files_written", default=None)


class PrivateStorage(FileSystemStorage):
    """Files outside the public media space: no URL, served only through staff views.
    Readable by the app's own user only (files 0600, the folders it creates 0700), whatever
    the umask, unless the STORAGES options say otherwise."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(*args, **kwargs)

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


# Uploads read from the request ----------------------------------------------------------


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


# Checks of a document's content -----------------------------------------------------------


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
    """A PDF ends with a cross-reference pointer and an end-of-file marker, and has no
    active content."""
    upload.seek(max(0, upload.size - 2048))
    tail = upload.read()
    upload.seek(0)
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(DAMAGED)
    data = upload.read()
    upload.seek(0)
    _check_pdf_content(data)


# PDF names that make a document act rather than show: scripts, actions run on opening or
# on events, programs or files it carries, and forms that run their own logic.
PDF_ACTIVE_NAMES = {
    b"JS", b"JavaScript", b"Launch", b"AA", b"EmbeddedFile", b"EmbeddedFiles",
    b"RichMedia", b"XFA", b"SubmitForm", b"ImportData", b"GoToE", b"Sound", b"Movie",
    b"GoToR", b"Thread", b"Rendition",  # open other (remote) files, play media
}  # fmt: skip
# A name: a slash, then regular characters, some possibly written #xx (PDF 1.2+ escapes).
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_OBJECT = re.compile(rb"(?<![0-9])[0-9]+[\x00\t\n\x0c\r ]+[0-9]+[\x00\t\n\x0c\r ]+obj\b")
# What the lexer stops at outside strings and streams: a comment, a string, a dictionary's end.
PDF_LEXEME = re.compile(rb"%|\(|<<|>>|<")
PDF_STRING_DELIMITER = re.compile(rb"[()\\]")
PDF_LINE_END = re.compile(rb"[\r\n]")
# The `stream` keyword: right after a dictionary's `>>` (whitespace and comments between),
# followed by CRLF or LF, as the PDF specification requires.
# (A comment runs to the end of its line, one way only: no backtracking on `%%%%...`.)
PDF_STREAM_AFTER_DICTIONARY = re.compile(
    rb">>(?:[\x00\t\n\x0c\r ]|%[^\r\n]*(?=[\r\n]))*stream(?:\r\n|\n)"
)
PDF_FILTERS = {
    b"FlateDecode", b"Fl", b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85",
    b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL", b"Crypt", b"JBIG2Decode",
    b"DCTDecode", b"DCT", b"JPXDecode", b"CCITTFaxDecode", b"CCF",
}  # fmt: skip
PDF_MAX_INFLATED = 50 * 1024 * 1024  # all object streams together, once decompressed


def pdf_name_list(data: bytes) -> list[bytes]:
    """The names in `data`, in order, with #xx escapes decoded (/J#61vaScript: JavaScript)."""
    return [
        PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), raw) for raw in PDF_NAME.findall(data)
    ]


def pdf_names(data: bytes) -> set[bytes]:
    return set(pdf_name_list(data))


def _check_pdf_content(data: bytes) -> None:
    """Refuse a PDF with active content (PDF_ACTIVE_NAMES) or that cannot be checked.

    How far this goes (a scan, not a full parser, so that a crafted file cannot make a
    parser loop or allocate without bound):
    - every name outside stream data and comments is read, #xx escapes decoded; comments,
      strings and streams are found as a reader finds them (`_pdf_lex`);
    - stream data (images, page contents, fonts) is skipped, except from any `N G obj` that
      appears inside it (an object hidden in a stream and reached through the
      cross-reference table is checked like the others);
    - object streams (/ObjStm, PDF 1.5+, where dictionaries are compressed) are inflated
      (FlateDecode only, PDF_MAX_INFLATED in all) and read the same way; one with another
      filter or with predictors, which legitimate writers do not produce, is refused as
      uncheckable, as is an encrypted file (its object streams cannot be read).
    /OpenAction alone is allowed (a CV may open at its first page); a script or program it
    would run is refused by the names above. Links (/URI) are allowed. A literal string
    containing an active name (`(see /JS)`) is refused too: rare in a CV, and safer than
    trusting a tokeniser the file can confuse."""
    data, regions = _pdf_lex(data)
    outside, previous = [], 0
    for keyword, start, end in regions:
        outside.append(data[previous:keyword])
        # Objects hidden inside stream data: checked from the first header to the data's end.
        if hidden := PDF_OBJECT.search(data, start, end):
            outside.append(data[hidden.start() : end])
        previous = end
    outside.append(data[previous:])
    names = pdf_names(b"\n".join(outside))
    if names & PDF_ACTIVE_NAMES:
        raise ValidationError(PDF_ACTIVE)
    if b"Encrypt" in names:
        raise ValidationError(PDF_ENCRYPTED)
    if b"ObjStm" not in names:
        return
    budget = PDF_MAX_INFLATED
    headers = [match.end() for match in PDF_OBJECT.finditer(data)]
    previous = 0
    for keyword, start, end in regions:
        # The stream's dictionary: from its object's header (or the previous stream's end).
        before = bisect.bisect_right(headers, keyword)
        header = headers[before - 1] if before else 0
        dictionary = pdf_name_list(data[max(header, previous) : keyword])
        previous = end
        if b"ObjStm" not in dictionary:
            continue
        filters = [name for name in dictionary if name in PDF_FILTERS]
        if (
            filters not in ([], [b"FlateDecode"], [b"Fl"])
            or (b"Filter" in dictionary and not filters)  # an indirect filter
            or {b"DecodeParms", b"DP", b"F"} & set(dictionary)  # predictors, external data
        ):
            raise ValidationError(PDF_UNCHECKABLE)
        content = data[start:end]
        if filters:
            content = _inflate(content, budget)
        budget -= len(content)
        if pdf_names(content) & PDF_ACTIVE_NAMES:
            raise ValidationError(PDF_ACTIVE)


def _pdf_lex(data: bytes) -> tuple[bytes, list[tuple[int, int, int]]]:
    """`data` with its comments blanked (same length, so offsets hold), and the streams it
    holds: (keyword, start, end), the data being data[start:end].

    Read the way a PDF reader reads it, so that a file cannot make this scan skip what a
    reader runs: a comment (`%` outside a string, up to the end of the line) is no keyword
    (`%stream` opens nothing), a string is no keyword either (`(>> stream ... endstream)`), and
    a stream starts only at a `stream` keyword right after a dictionary, and ends at the
    first `endstream` (a reader trusting /Length reads at least that far: what lies past it
    is scanned, not skipped). An unclosed string runs to the end: nothing is skipped then."""
    clean = bytearray(data)
    regions = []
    position = 0
    while match := PDF_LEXEME.search(data, position):
        lexeme, position = match[0], match.end()
        if lexeme == b"%":
            line_end = PDF_LINE_END.search(data, position)
            position = line_end.start() if line_end else len(data)
            clean[match.start() : position] = b" " * (position - match.start())
        elif lexeme == b"(":
            position = _pdf_string_end(data, position)
        elif lexeme == b"<":  # a hexadecimal string
            close = data.find(b">", position)
            position = len(data) if close < 0 else close + 1
        elif lexeme == b">>" and (
            keyword := PDF_STREAM_AFTER_DICTIONARY.match(data, match.start())
        ):
            between = data[match.end() : keyword.end()]
            clean[match.end() : keyword.end()] = re.sub(
                rb"%[^\r\n]*", lambda comment: b" " * len(comment[0]), between
            )
            end = data.find(b"endstream", keyword.end())
            end = len(data) if end < 0 else end
            line_end = 2 if keyword[0].endswith(b"\r\n") else 1
            regions.append((keyword.end() - len(b"stream") - line_end, keyword.end(), end))
            position = end + len(b"endstream")
    return bytes(clean), regions


def _pdf_string_end(data: bytes, position: int) -> int:
    """Where the literal string opened just before `position` ends (nested parentheses
    balanced, a backslash escaping the next byte), or the data's end if it never does."""
    depth = 1
    while match := PDF_STRING_DELIMITER.search(data, position):
        position = match.end()
        if match[0] == b"\\":
            position += 1
        elif match[0] == b"(":
            depth += 1
        else:
            depth -= 1
            if not depth:
                return position
    return len(data)


def _inflate(data: bytes, limit: int) -> bytes:
    if limit <= 0:  # zlib's max_length 0 would mean "no limit"
        raise ValidationError(EXPANDS)
    inflater = zlib.decompressobj()
    try:
        content = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise ValidationError(DAMAGED) from None
    if len(content) > limit:
        raise ValidationError(EXPANDS)
    return content


# Parts of an office document that carry macros, scripts or controls.
DOCX_ACTIVE_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|(^|/)activeX/", re.I)
DOCX_ACTIVE_TYPE = re.compile(rb"macroEnabled|vbaProject|ms-office\.activeX|vbaData", re.I)
ODT_ACTIVE_PART = re.compile(r"^(Basic|Scripts)/", re.I)
ODT_ACTIVE_MARK = re.compile(rb"script:event-listener|vnd\.sun\.star\.script:|macro:///", re.I)


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
                raise ValidationError(EXPANDS)
            names = {entry.filename for entry in entries}
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                _check_docx(archive, names)
                return DOCX
            if {"mimetype", "content.xml"} <= names:
                with archive.open("mimetype") as mimetype:
                    if mimetype.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                        parts = [n for n in names if n.endswith(".xml")]
                        if any(ODT_ACTIVE_PART.search(name) for name in names) or _contains(
                            archive, parts, ODT_ACTIVE_MARK
                        ):
                            raise ValidationError(MACROS)
                        for name in sorted(parts):
                            if name != "META-INF/manifest.xml":
                                _parse_xml(archive, name, _check_odt_element)
                        return ODT
    except (
        zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
        NotImplementedError, RuntimeError,  # unknown compression, encrypted entries
    ):  # fmt: skip
        raise ValidationError(DAMAGED) from None
    finally:
        upload.seek(0)
    raise ValidationError(NOT_A_DOCUMENT)


def _contains(archive: zipfile.ZipFile, names: list[str], pattern: re.Pattern) -> bool:
    """Whether any of these parts matches `pattern`, read in chunks (sizes already capped)."""
    overlap = 64
    for name in names:
        with archive.open(name) as part:
            previous = b""
            while chunk := part.read(1024 * 1024):
                if pattern.search(previous + chunk):
                    return True
                previous = chunk[-overlap:]
    return False


# DOCX and ODT parts are read with an XML parser, as Word and LibreOffice read them, so that
# an encoding (UTF-16) or character references (`vba&#80;roject`) hide nothing. A document
# type declaration (where entities, and XML bombs, are declared) is refused outright: Word
# and LibreOffice never write one in these parts.
DOCX_ACTIVE_TEXT = re.compile(DOCX_ACTIVE_TYPE.pattern.decode(), re.I)
DOCX_ACTIVE_RELATIONSHIP = re.compile(r"vbaProject|vbaData|activeX|macroEnabled", re.I)
# Relationships that Word follows by itself on opening: to a remote target, they fetch a
# template (with its macros), an object or a page, or leak the reader's Windows credentials.
DOCX_FETCHED_RELATIONSHIPS = {"attachedtemplate", "oleobject", "frame", "subdocument"}
DOCX_PARTS_WITH_FIELDS = re.compile(r"word/.+\.xml", re.I)
# Field codes that run a program (DDE) or read another file, whatever its place.
DOCX_REFUSED_FIELD = re.compile(r"\b(DDE|DDEAUTO|INCLUDETEXT)\b", re.I)
DOCX_INCLUDED_PICTURE = re.compile(r"\bINCLUDEPICTURE\s+(\"[^\"]*\"|\S+)", re.I)
ODT_ACTIVE_TEXT = re.compile(r"vnd\.sun\.star\.script:|macro:", re.I)


def _refuse_declarations(*args) -> None:
    raise ValidationError(DAMAGED)


def _parse_xml(archive: zipfile.ZipFile, name: str, start, text=None, end=None) -> None:
    """Parse one part, calling start(local_name, attributes by local name), text(data) and
    end(local_name); namespaces are dropped, so a renamed prefix changes nothing."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def local(qualified: str) -> str:
        return qualified.rpartition("}")[2]

    parser.StartElementHandler = lambda tag, attributes: start(
        local(tag), {local(key): value for key, value in attributes.items()}
    )
    if text:
        parser.CharacterDataHandler = text
    if end:
        parser.EndElementHandler = lambda tag: end(local(tag))
    if not archive.getinfo(name).file_size:  # LibreOffice writes some parts empty
        return
    with archive.open(name) as part:
        try:
            parser.ParseFile(part)
        except expat.ExpatError:
            raise ValidationError(DAMAGED) from None


def _check_docx(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Refuse macros (by part name, content type or relationship, whatever the part is
    called), remote templates and objects Word fetches on opening, and DDE or file-including
    field codes."""
    if any(DOCX_ACTIVE_PART.search(name) for name in names) or _contains(
        archive, ["[Content_Types].xml"], DOCX_ACTIVE_TYPE
    ):
        raise ValidationError(MACROS)

    def content_type(tag: str, attributes: dict) -> None:
        if DOCX_ACTIVE_TEXT.search(attributes.get("ContentType", "")):
            raise ValidationError(MACROS)

    _parse_xml(archive, "[Content_Types].xml", content_type)
    for name in sorted(names):
        if name.lower().endswith(".rels"):
            _parse_xml(archive, name, _check_relationship)
    for name in sorted(names):
        if DOCX_PARTS_WITH_FIELDS.fullmatch(name):
            _check_fields(archive, name)


def _check_relationship(tag: str, attributes: dict) -> None:
    if tag != "Relationship":
        return
    kind = attributes.get("Type", "")
    if DOCX_ACTIVE_RELATIONSHIP.search(kind):
        raise ValidationError(MACROS)
    if (
        attributes.get("TargetMode", "").strip().lower() == "external"
        and kind.strip().rstrip("/").rpartition("/")[2].lower() in DOCX_FETCHED_RELATIONSHIPS
        and is_remote(attributes.get("Target", ""))
    ):
        raise ValidationError(LINKED)


def is_remote(target: str) -> bool:
    """Whether a link's target is on another machine: a URL other than file:, a UNC path
    (\\\\host\\share, //host/share) or a file: URL naming a host. A local path (C:\\...,
    file:///C:/..., a relative name) is not."""
    target = unquote(target).strip().replace("\\", "/")
    if target.startswith("//"):
        return True
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", target)
    if not scheme or len(scheme[1]) == 1:  # a relative path, or a drive letter
        return False
    if scheme[1].lower() != "file":
        return True
    path = target[scheme.end() :]
    if path.startswith("//"):
        host, _slash, rest = path[2:].partition("/")
        if host.lower() not in ("", "localhost"):
            return True
        path = "/" + rest
    return path.startswith("//")  # file:////host/share


def _check_fields(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse DDE and INCLUDETEXT fields, and INCLUDEPICTURE of a remote file, written as
    complex fields (`w:instrText` between `w:fldChar` marks, possibly split in several runs)
    or simple ones (`w:fldSimple w:instr`)."""
    fields: list[list[str]] = []  # the instruction of each field, in pieces
    open_fields: list[list[str]] = []
    reading = False

    def start(tag: str, attributes: dict) -> None:
        nonlocal reading
        if tag == "fldChar":
            kind = attributes.get("fldCharType", "")
            if kind == "begin":
                open_fields.append([])
                fields.append(open_fields[-1])
            elif kind == "end" and open_fields:
                open_fields.pop()
        elif tag == "instrText":
            reading = True
            if not open_fields:  # no begin mark: read anyway
                open_fields.append([])
                fields.append(open_fields[-1])
        elif tag == "fldSimple":
            fields.append([attributes.get("instr", "")])

    def text(data: str) -> None:
        if reading:
            if not open_fields:  # an end mark inside the instruction itself
                open_fields.append([])
                fields.append(open_fields[-1])
            open_fields[-1].append(data)

    def end(tag: str) -> None:
        nonlocal reading
        if tag == "instrText":
            reading = False

    _parse_xml(archive, name, start, text, end)
    for pieces in fields:
        instruction = "".join(pieces)
        picture = DOCX_INCLUDED_PICTURE.search(instruction)
        if DOCX_REFUSED_FIELD.search(instruction) or (
            picture and is_remote(picture[1].strip('"').replace("\\\\", "\\"))
        ):
            raise ValidationError(LINKED)


def _check_odt_element(tag: str, attributes: dict) -> None:
    """An event bound to a script or macro, however its prefixes or encoding are written."""
    if tag == "event-listener" or any(ODT_ACTIVE_TEXT.search(v) for v in attributes.values()):
        raise ValidationError(MACROS)
