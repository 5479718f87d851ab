import zlib

import pytest
from django.core.exceptions import ValidationError

from portal.uploads import DOCX, ODT, PDF, PrivateStorage, check_document
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
    from portal import uploads

    monkeypatch.setattr(uploads, "PDF_MAX_INFLATED", 10_000)
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

    from portal.images import ContentImageFormField
    from portal.uploads import OversizedUpload

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
