"""Office document (DOCX, ODT) content checks: a ZIP archive inspected from its directory
(no zip bomb), with the parts its format requires and no macros, scripts, controls or
remote content."""

import re
import zipfile
import zlib
from urllib.parse import unquote
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from portal.core.uploads.documents import (
    DAMAGED,
    DOCX,
    EXPANDS,
    LINKED,
    MACROS,
    NOT_A_DOCUMENT,
    ODT,
    DocumentType,
)

MAX_ZIP_ENTRIES = 1000
MAX_ZIP_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ZIP_RATIO = 200
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


# Parts of an office document that carry macros, scripts or controls.
DOCX_ACTIVE_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|(^|/)activeX/", re.I)
DOCX_ACTIVE_TYPE = re.compile(rb"macroEnabled|vbaProject|ms-office\.activeX|vbaData", re.I)
ODT_ACTIVE_PART = re.compile(r"^(Basic|Scripts)/", re.I)
ODT_ACTIVE_MARK = re.compile(rb"script:event-listener|vnd\.sun\.star\.script:|macro:///", re.I)


def check_office_archive(upload: UploadedFile) -> DocumentType:
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
