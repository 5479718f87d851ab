"""Writes and rules for staff second factors: enrolment, backup codes, reset."""

import logging
from base64 import b32encode
from xml.etree import ElementTree

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.staff_auth.exceptions import TooManyAttempts

logger = logging.getLogger(__name__)

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


def two_factor_required(user: AbstractBaseUser) -> bool:
    """Whether this user must pass a second factor before the admin opens."""
    return bool(settings.ADMIN_REQUIRE_2FA and getattr(user, "is_staff", False))


def is_verified(user: AbstractBaseUser) -> bool:
    """True once the user entered a code in this session (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def is_trusted_staff(user: AbstractBaseUser) -> bool:
    """Staff whose login is complete (password, and the code when required): they may see
    what only staff see outside the admin, such as previews of unpublished issues."""
    return bool(
        getattr(user, "is_active", False)
        and getattr(user, "is_staff", False)
        and (not two_factor_required(user) or is_verified(user))
    )


def has_authenticator(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def totp_device_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (the same one until it is confirmed, so
    reloading the page keeps the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(data: str, *, label: str) -> SafeString:
    """An inline SVG QR code (no script, no external file: allowed by the CSP)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8)
    root = image.get_image()
    root.set("role", "img")
    root.set("aria-label", str(label))
    root.set("class", "qr-code")
    # The content is ours (an otpauth URL rendered as a path); the label is escaped by
    # ElementTree.
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))


def backup_codes_create(*, user: AbstractBaseUser) -> list[str]:
    """Replace the user's backup codes with new ones; returns them (shown once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    logger.info("New backup codes for user %s", user.pk)
    return codes


def backup_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _raise_if_throttled(device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        raise TooManyAttempts((details or {}).get("locked_until"))


def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an enrolment with a code from the app. Returns the new backup codes, or None
    when the code is wrong; raises TooManyAttempts while wrong codes are throttled."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        _raise_if_throttled(device)
        if device.confirmed or not device.verify_token(token):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        codes = backup_codes_create(user=device.user)
    logger.info("Authenticator enrolled for user %s", device.user_id)
    return codes


def token_verify(*, user: AbstractBaseUser, token: str):
    """The device (authenticator or backup codes) that accepts this code, or None. A backup
    code is deleted when used, so it works once. Raises TooManyAttempts while wrong codes
    are throttled (for the kind of code entered)."""
    token = "".join(token.split()).lower() if token else ""
    if not token:
        return None
    with transaction.atomic():
        # Six digits are for the app; anything else can only be a backup code (8 letters and
        # digits), so a backup code never counts as a wrong app code, and the reverse.
        from_app = token.isdigit() and len(token) == 6
        devices = [
            device
            for device in devices_for_user(user, for_verify=True)
            if isinstance(device, TOTPDevice) == from_app
        ]
        for device in devices:
            _raise_if_throttled(device)
        for device in devices:
            if device.verify_token(token):
                return device
    return None


def two_factor_reset(*, user: AbstractBaseUser) -> int:
    """Remove every second factor of a user (lost phone): they enrol again at next login.
    Returns the number of devices removed."""
    with transaction.atomic():
        count = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
        count += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    logger.warning("Two-factor devices reset for user %s (%s removed)", user.pk, count)
    return count
