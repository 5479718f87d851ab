"""PDF content checks: a complete file, no active content, no encryption (see
`_check_pdf_content` for how far the scan goes)."""

import bisect
import re
import zlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from portal.core.uploads.documents import (
    DAMAGED,
    EXPANDS,
    PDF_ACTIVE,
    PDF_ENCRYPTED,
    PDF_UNCHECKABLE,
)


def check_pdf(upload: UploadedFile) -> None:
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
