"""The check-in code of a registration: short enough to read out or type at a door, shown as
a QR code (carrying the same text) in the confirmation emails and on the personal page, and
read by the check-in page (camera, photo, or typed in).

Shape: ``R<pk>-XXXX-XXXX``, the registration's number and 8 characters (40 bits) of an HMAC
of it (django.utils.crypto.salted_hmac, its own salt) in Crockford's base32 alphabet (no I,
L, O or U: nothing to confuse). Reading it ignores case, spaces and dashes, and takes O for
0 and I or L for 1.

It is not the personal link's secret: the code only lets staff, signed in to the admin,
find the registration; each guess is one signed-in request, so 40 bits leave no realistic
guessing, and it cannot be made without SECRET_KEY.
"""

import io
from xml.etree import ElementTree

import qrcode
import qrcode.image.svg
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.safestring import SafeString, mark_safe

SALT = "registrations.checkin.short"
PREFIX = "R"  # "R12-…": easy to tell from anything else a camera may read
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
MAC_LENGTH = 8  # characters of 5 bits: 40 bits
# What people type for a character of the alphabet.
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, "–": None})
# The long signed codes sent before the short ones (emails already in inboxes).
_LEGACY_SALT, _LEGACY_SEPARATOR = "registrations.checkin", "."


class BadCode(Exception):
    """The text read is no check-in code of ours (forged, damaged or something else)."""


def _mac(pk: int) -> str:
    digest = salted_hmac(SALT, f"{PREFIX}{pk}", algorithm="sha256").digest()
    number = int.from_bytes(digest[:5], "big")
    return "".join(ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))


def checkin_code(registration) -> str:
    """The code for `registration` (stable: the same each time it is asked for)."""
    mac = _mac(registration.pk)
    return f"{PREFIX}{registration.pk}-{mac[:4]}-{mac[4:]}"


def _legacy_read(code: str) -> int:
    try:
        value = signing.Signer(salt=_LEGACY_SALT, sep=_LEGACY_SEPARATOR).unsign(code)
    except signing.BadSignature:
        raise BadCode from None
    if not value.startswith(PREFIX) or not value[len(PREFIX) :].isdigit():
        raise BadCode
    return int(value[len(PREFIX) :])


def checkin_code_read(code: str) -> int:
    """The registration's primary key in `code`; BadCode when the HMAC or the shape is
    wrong. Case, spaces, line breaks and dashes from typing or copying are ignored."""
    code = "".join(str(code).split())
    if _LEGACY_SEPARATOR in code:
        return _legacy_read(code)
    code = code.upper().translate(_TYPED)
    number, mac = code[len(PREFIX) : -MAC_LENGTH], code[-MAC_LENGTH:]
    if (
        not code.startswith(PREFIX)
        or not (number.isascii() and number.isdigit())
        or len(number) > 18
        or number.startswith("0")
    ):
        raise BadCode
    if not constant_time_compare(mac, _mac(int(number))):
        raise BadCode
    return int(number)


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
    # The content is ours (a check-in code rendered as a path); ElementTree escapes the label.
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))


def qr_png(data: str) -> bytes:
    """The same QR code as a PNG, for email clients (many show no SVG)."""
    buffer = io.BytesIO()
    _qr(data, 6).make_image().save(buffer, format="PNG")
    return buffer.getvalue()
