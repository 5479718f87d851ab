"""The site's logo (SiteSettings.logo): a PNG or an SVG, recognised by its bytes, never by
its name.

An SVG is a document a browser runs: it is parsed with defusedxml (no entity expansion, no
external DTD) and refused, not cleaned, when it holds anything active or anything that
fetches from elsewhere: <script>, <foreignObject>, an `on…` event attribute, a reference
(`href`, `xlink:href`, `src`) to anything but a fragment of itself (`#id`), a `url(…)` to
anything but a fragment inside a `style` element or attribute, a backslash in an attribute
or a `style` element (a CSS escape spells `url(` or `@import` past a plain search), a
document type declaration or a processing instruction (`<?xml-stylesheet …?>`; only the
leading XML declaration is allowed). Its width and height are at most MAX_DIMENSION.
A PNG goes through the same checks as other uploaded images (portal/core/images.py).
"""

import math
import re
from dataclasses import dataclass

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

from portal.core.images import check_image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler"}
REFERENCE_ATTRIBUTES = {"href", "src"}  # without namespace: also xlink:href
# url(...) in CSS: allowed only for a fragment of the same document, url(#gradient).
CSS_URL = re.compile(r"url\(\s*(['\"]?)(?P<target>[^)'\"]*)\1\s*\)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)
# The leading XML declaration, the one `<?…?>` an SVG may hold.
XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml\s[^<>]*?\?>")
DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
MAX_DIMENSION = 10_000  # pixels, each way: a logo is shown a few hundred wide at most
LENGTH = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?:px)?\s*$")

NOT_A_LOGO = _("This file is not a logo we can use. Please upload a PNG image or an SVG file.")
UNSAFE_SVG = _(
    "This SVG file contains %(what)s, which a logo may not hold. Export it again as a plain "
    "drawing (shapes, paths and text only), or upload a PNG image."
)


MAX_UPLOAD_BYTES = 512 * 1024  # a logo is a small file; a heavy one slows every page


@dataclass(frozen=True)
class LogoSize:
    width: int
    height: int
    extension: str  # "png" or "svg", from the content


def check_logo(upload) -> LogoSize:
    """The intrinsic size of an uploaded logo, or ValidationError with a message in the
    staff member's language."""
    limit = MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This logo is %(size)s; the limit is %(limit)s. Please upload a smaller file."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    head = upload.read(len(PNG_SIGNATURE))
    upload.seek(0)
    size = _png_size(upload) if head == PNG_SIGNATURE else _svg_size(upload)
    name = getattr(upload, "name", "") or ""
    if name and not name.lower().endswith(f".{size.extension}"):
        # A PNG named .svg (or the reverse) would be served with the wrong type.
        raise ValidationError(
            _(
                "This file's content does not match its name: it is a %(kind)s file. "
                "Rename it to end in .%(extension)s and upload it again."
            ),
            code="name_mismatch",
            params={"kind": size.extension.upper(), "extension": size.extension},
        )
    return size


def _png_size(upload) -> LogoSize:
    check_image(upload)
    try:
        with Image.open(upload) as image:
            if image.format != "PNG":
                raise ValidationError(NOT_A_LOGO, code="invalid_logo")
            return LogoSize(image.width, image.height, "png")
    finally:
        upload.seek(0)


def _svg_size(upload) -> LogoSize:
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(NOT_A_LOGO, code="invalid_logo") from None
    if "<?" in XML_DECLARATION.sub("", text, count=1):
        raise _unsafe(_("a processing instruction"))
    if DOCTYPE.search(text):
        entity = re.search(r"<!ENTITY", text, re.IGNORECASE)
        raise _unsafe(_("an entity declaration") if entity else _("a document type declaration"))
    try:
        # defusedxml as a second guard: no entity declaration, no external reference.
        root = ElementTree.fromstring(text)
    except DefusedXmlException:
        raise _unsafe(_("an entity declaration")) from None
    except ElementTree.ParseError:
        raise ValidationError(NOT_A_LOGO, code="invalid_logo") from None
    if root.tag != f"{SVG_NAMESPACE}svg":
        raise ValidationError(NOT_A_LOGO, code="invalid_logo")
    for element in root.iter():
        _check_element(element)
    return _svg_dimensions(root)


def _local(name: str) -> str:
    """`{namespace}name` → `name`, lower-cased."""
    return name.rsplit("}", 1)[-1].lower()


def _check_element(element) -> None:
    tag = _local(element.tag) if isinstance(element.tag, str) else ""
    if tag in FORBIDDEN_ELEMENTS:
        raise _unsafe(_("a <%(element)s> element") % {"element": tag})
    if tag == "style":
        _check_css(element.text or "")
    # An attribute name as written: "xlink:href" names href in the xlink namespace.
    animated = element.get("attributeName", "").rsplit(":", 1)[-1].strip().lower()
    if animated in REFERENCE_ATTRIBUTES:
        # <set attributeName="href" to="javascript:…"> would change a link after the check.
        raise _unsafe(_("a link to another file or address"))
    for name, value in element.attrib.items():
        attribute = _local(name)
        if "\\" in value:
            raise _unsafe(_("a backslash in its styles or attributes"))
        if attribute.startswith("on"):
            raise _unsafe(_("an event handler (%(attribute)s)") % {"attribute": attribute})
        if attribute in REFERENCE_ATTRIBUTES and not value.strip().startswith("#"):
            raise _unsafe(_("a link to another file or address"))
        if attribute == "style":
            _check_css(value)
        elif "url(" in value.lower():
            _check_css(value)  # presentation attributes: fill="url(#g)"


def _check_css(css: str) -> None:
    if "\\" in css:  # u\72l( is url(, @\69mport is @import
        raise _unsafe(_("a backslash in its styles or attributes"))
    if CSS_IMPORT.search(css):
        raise _unsafe(_("a link to another file or address"))
    for match in CSS_URL.finditer(css):
        if not match.group("target").strip().startswith("#"):
            raise _unsafe(_("a link to another file or address"))


def _unsafe(what) -> ValidationError:
    return ValidationError(UNSAFE_SVG, code="unsafe_svg", params={"what": what})


def _svg_dimensions(root) -> LogoSize:
    """From width/height when they are plain numbers (or px), else from the viewBox; at
    most MAX_DIMENSION each way."""
    size = _declared_size(root)
    if size.width > MAX_DIMENSION or size.height > MAX_DIMENSION:
        raise ValidationError(
            _(
                "This SVG file is %(width)s × %(height)s pixels; a logo is at most %(limit)s "
                "pixels wide and high. Export it again at a smaller size."
            ),
            code="too_large",
            params={"width": size.width, "height": size.height, "limit": MAX_DIMENSION},
        )
    return size


def _declared_size(root) -> LogoSize:
    width, height = (LENGTH.match(root.get(name, "")) for name in ("width", "height"))
    if width and height:
        return LogoSize(_rounded(width["number"]), _rounded(height["number"]), "svg")
    try:
        box = re.split(r"[\s,]+", root.get("viewBox", "").strip())
        _x, _y, box_width, box_height = (float(n) for n in box)
    except ValueError:
        raise ValidationError(
            _("This SVG file has no size. Give its <svg> element a viewBox, or width and height."),
            code="invalid_logo",
        ) from None
    if not (math.isfinite(box_width) and math.isfinite(box_height)):
        raise ValidationError(NOT_A_LOGO, code="invalid_logo")
    if box_width <= 0 or box_height <= 0:
        raise ValidationError(NOT_A_LOGO, code="invalid_logo")
    return LogoSize(_rounded(box_width), _rounded(box_height), "svg")


def _rounded(number) -> int:
    return max(1, round(float(number)))


class LogoFormField(forms.FileField):
    def to_python(self, data):
        if data is not None and hasattr(data, "size"):
            check_logo(data)
        return super().to_python(data)


class LogoField(models.FileField):
    """A FileField whose uploads go through `check_logo` first."""

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": LogoFormField,
                "widget": forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml"}),
                **kwargs,
            }
        )
