"""The check-in code of a registration: a signed token (django.core.signing, its own salt)
that names the registration, shown as a QR code in the confirmation emails and on the
personal page, and read by the check-in page (camera, photo, or typed in).

It is not the personal link's secret: the code only lets staff, signed in to the admin,
find the registration; it opens nothing by itself and cannot be forged without SECRET_KEY.
"""

import io
from xml.etree import ElementTree

import qrcode
import qrcode.image.svg
from django.core import signing
from django.utils.safestring import SafeString, mark_safe

SALT = "registrations.checkin"
PREFIX = "R"  # "R12.…": easy to tell from anything else a camera may read
# Not Django's ":" (French typography puts a space before a colon, and the code is quoted in
# French emails); "." is outside the signature's alphabet as well.
SEPARATOR = "."


class BadCode(Exception):
    """The text read is no check-in code of ours (forged, damaged or something else)."""


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=SEPARATOR)


def checkin_code(registration) -> str:
    """The code for `registration` (stable: the same each time it is asked for)."""
    return _signer().sign(f"{PREFIX}{registration.pk}")


def checkin_code_read(code: str) -> int:
    """The registration's primary key in `code`; BadCode when the signature or the shape
    is wrong. Spaces and line breaks from typing or copying are ignored."""
    code = "".join(str(code).split())
    try:
        value = _signer().unsign(code)
    except signing.BadSignature:
        raise BadCode from None
    if not value.startswith(PREFIX) or not value[len(PREFIX) :].isdigit():
        raise BadCode
    return int(value[len(PREFIX) :])


def _qr(data: str, box_size: int) -> qrcode.QRCode:
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=box_size
    )
    qr.add_data(data)
    qr.make(fit=True)
    return qr


def qr_svg(data: str, *, label: str) -> SafeString:
    """An inline SVG QR code of `data` (no script, no external file: allowed by the CSP)."""
    image = _qr(data, 8).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    root = image.get_image()
    root.set("role", "img")
    root.set("aria-label", str(label))
    root.set("class", "checkin-qr")
    # The content is ours (a signed code rendered as a path); ElementTree escapes the label.
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))


def qr_png(data: str) -> bytes:
    """The same QR code as a PNG, for email clients (many show no SVG)."""
    buffer = io.BytesIO()
    _qr(data, 6).make_image().save(buffer, format="PNG")
    return buffer.getvalue()
