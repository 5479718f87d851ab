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
