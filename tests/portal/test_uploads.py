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


def test_the_paths_settings_and_migrations_name_still_resolve_from_the_package():
    from django.utils.module_loading import import_string

    from portal.core.uploads.handler import LimitedUploadHandler
    from portal.core.uploads.storage import PrivateStorage, private_storage

    assert import_string("portal.core.uploads.PrivateStorage") is PrivateStorage
    assert import_string("portal.core.uploads.private_storage") is private_storage
    assert import_string("portal.core.uploads.LimitedUploadHandler") is LimitedUploadHandler
