"""The site logo (SiteSettings.logo): a PNG or a plain SVG drawing, checked by its content."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from portal.core.models import SiteSettings
from portal.core.uploads import logo

CLEAN_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'viewBox="0 0 120 40"><defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
    b'<path id="p" d="M0 0h10v10z"/></defs>'
    b"<style>.a { fill: url(#g); }</style>"
    b'<rect class="a" width="120" height="40" fill="url(#g)"/><use xlink:href="#p"/>'
    b"<text x='4' y='30'>Portail</text></svg>"
)


def svg(body: bytes, name: str = "logo.svg") -> SimpleUploadedFile:
    data = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">' + body + b"</svg>"
    return SimpleUploadedFile(name, data, content_type="image/svg+xml")


def png(name: str = "logo.png", size=(200, 50)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def refusal(upload) -> ValidationError:
    field = SiteSettings._meta.get_field("logo").formfield()
    with pytest.raises(ValidationError) as caught:
        field.clean(upload)
    return caught.value


def test_a_png_logo_is_accepted_with_its_size():
    assert logo.check_logo(png()) == logo.LogoSize(200, 50, "png")


def test_a_clean_svg_logo_with_internal_references_is_accepted_with_its_viewbox_size():
    upload = SimpleUploadedFile("brand.svg", CLEAN_SVG, content_type="image/svg+xml")
    assert logo.check_logo(upload) == logo.LogoSize(120, 40, "svg")


def test_an_svg_with_width_and_height_takes_them_as_its_size():
    data = b'<svg xmlns="http://www.w3.org/2000/svg" width="300px" height="100"></svg>'
    upload = SimpleUploadedFile("logo.svg", data)
    assert logo.check_logo(upload) == logo.LogoSize(300, 100, "svg")


@pytest.mark.parametrize(
    "body",
    [
        b"<script>alert(1)</script>",
        b'<rect width="1" height="1" onload="alert(1)"/>',
        b'<image href="https://tracker.example/pixel.png" width="1" height="1"/>',
        b'<a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="javascript:alert(1)">'
        b"<text>x</text></a>",
        b'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
        b"<style>rect { fill: url(https://example.com/x.svg#g); }</style>",
        b"<style>@import 'https://example.com/x.css';</style>",
        b'<rect style="fill: url(\'//example.com/g\')" width="1" height="1"/>',
        b'<rect fill="url(data:image/png;base64,AAAA)" width="1" height="1"/>',
        b'<a href="#x"><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>',
    ],
    ids=[
        "script", "onload", "external-href", "javascript-xlink", "foreignObject",
        "style-url", "style-import", "style-attribute-url", "fill-data-url", "set-href",
    ],
)  # fmt: skip
def test_an_svg_with_active_content_or_external_references_is_refused(body):
    error = refusal(svg(body))
    assert error.code == "unsafe_svg"


@pytest.mark.parametrize(
    "body",
    [
        b'<a href="#x"><animate xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'attributeName="xlink:href" values="javascript:alert(1)"/><text>x</text></a>',
        b'<a href="#x"><set attributeName=" XLink:HREF " to="javascript:alert(1)"/></a>',
        b"<style>rect { fill: u\\72l(https://example.com/x.svg#g); }</style>",
        b"<style>@\\69mport 'https://example.com/x.css';</style>",
        b'<rect style="fill: u\\72l(//example.com/g)" width="1" height="1"/>',
        b'<rect fill="u\\72l(//example.com/g)" width="1" height="1"/>',
    ],
    ids=["animate-xlink-href", "set-prefixed-href", "style-escaped-url", "style-escaped-import",
         "style-attribute-escaped-url", "fill-escaped-url"],
)  # fmt: skip
def test_prefixed_animated_links_and_css_escapes_are_refused(body):
    assert refusal(svg(body)).code == "unsafe_svg"


@pytest.mark.parametrize(
    "prologue, what",
    [
        (b'<?xml-stylesheet href="https://example.com/x.css"?>', "processing instruction"),
        (b'<?xml version="1.0"?><?xml-stylesheet type="text/css" href="x.css"?>',
         "processing instruction"),
        (b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
         b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">', "document type declaration"),
        (b"<!doctype svg>", "document type declaration"),
    ],
    ids=["stylesheet-pi", "pi-after-declaration", "doctype-public", "doctype-bare"],
)  # fmt: skip
def test_processing_instructions_and_doctypes_are_refused(prologue, what):
    data = prologue + b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>'
    error = refusal(SimpleUploadedFile("logo.svg", data))
    assert error.code == "unsafe_svg"
    assert what in error.messages[0]


def test_a_processing_instruction_inside_the_drawing_is_refused():
    assert refusal(svg(b'<?evil data="x"?><rect width="1" height="1"/>')).code == "unsafe_svg"


@pytest.mark.parametrize(
    "attributes",
    [
        b'width="100000000" height="10"',
        b'width="10" height="10001px"',
        b'viewBox="0 0 1e9 1e9"',
        b'viewBox="0 0 20000 10"',
    ],
)
def test_an_absurdly_large_svg_is_refused(attributes):
    data = b'<svg xmlns="http://www.w3.org/2000/svg" ' + attributes + b"></svg>"
    error = refusal(SimpleUploadedFile("logo.svg", data))
    assert error.code == "too_large"
    assert "at most 10000 pixels" in error.messages[0]


def test_an_svg_of_the_largest_size_allowed_is_accepted():
    data = b'<svg xmlns="http://www.w3.org/2000/svg" width="10000" height="10000"></svg>'
    upload = SimpleUploadedFile("logo.svg", data)
    assert logo.check_logo(upload) == logo.LogoSize(10000, 10000, "svg")


def test_an_infinite_viewbox_is_not_a_logo():
    data = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 inf nan"></svg>'
    assert refusal(SimpleUploadedFile("logo.svg", data)).code == "invalid_logo"


def test_an_svg_with_an_entity_declaration_is_refused():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&lol;</text></svg>'
    )
    error = refusal(SimpleUploadedFile("logo.svg", data))
    assert error.code == "unsafe_svg"
    assert "entity declaration" in error.messages[0]


def test_a_png_renamed_svg_is_refused():
    error = refusal(png(name="logo.svg"))
    assert error.code == "name_mismatch"
    assert "it is a PNG file" in error.messages[0]


def test_a_jpeg_or_text_file_is_not_a_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "JPEG")
    assert refusal(SimpleUploadedFile("logo.png", buffer.getvalue())).code == "invalid_logo"
    assert refusal(SimpleUploadedFile("logo.svg", b"hello")).code == "invalid_logo"
    html = b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'
    assert refusal(SimpleUploadedFile("logo.svg", html)).code == "invalid_logo"


def test_an_oversized_logo_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(logo, "MAX_UPLOAD_BYTES", 100)
    error = refusal(png())
    assert error.code == "too_large"
    assert "the limit is 100\xa0bytes" in error.messages[0]


def test_refusals_are_written_in_the_staff_members_language():
    with translation.override("fr"):
        error = refusal(svg(b"<script>alert(1)</script>"))
        assert error.messages == [
            "Ce fichier SVG contient un élément <script>, ce qu’un logo ne peut pas contenir. "
            "Exportez-le de nouveau comme simple dessin (formes, tracés et texte uniquement) "
            "ou déposez une image PNG."
        ]
        error = refusal(png(name="logo.svg"))
        assert error.messages[0].startswith(
            "Le contenu de ce fichier ne correspond pas à son nom\u202f: c’est un fichier PNG."
        )


@pytest.mark.django_db
def test_a_saved_logo_records_its_size_for_the_header(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site = SiteSettings.load()
    site.logo = SimpleUploadedFile("brand.svg", CLEAN_SVG)
    site.save()
    site.refresh_from_db()
    assert (site.logo_width, site.logo_height) == (120, 40)
    assert site.logo_display_width == 132  # 44 px high, in proportion
    site.logo = None
    site.save()
    assert site.logo_width is None
