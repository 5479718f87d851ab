"""Images staff upload (projects, countries, events, calls and articles): checked on upload,
served as responsive renditions cropped around a focal point.

Give a model an image with the abstract `ImageSlot` (or, for a lead image with a caption,
`ContentImageField` with a translated `image_alt` beside it and
`image_focal_x, image_focal_y = focal_point_fields()`), `missing_alt_errors(self)` in its
`clean()`, `image_fieldset()` in its admin, `{% card_image obj %}` on cards and
`{% responsive_image obj.image alt=obj.image_alt %}` (from `{% load images %}`) on pages.
"""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from PIL import Image

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def check_image(file) -> None:
    """Reject an upload that is too heavy, too many pixels, or not an image Pillow reads.

    Runs before Pillow decodes anything: the pixel count comes from the header, so a
    decompression bomb is refused without being expanded in memory.
    """
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            _("This image is %(size)s; the limit is %(limit)s. Please upload a smaller file."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
            pixels = image.width * image.height
            if pixels > settings.IMAGE_MAX_PIXELS:
                raise Image.DecompressionBombError
            image_format = image.format
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image has too many pixels to be processed safely. Please resize it."),
            code="too_many_pixels",
        ) from None
    except Exception:
        raise ValidationError(
            _("This file is not an image we can read. Please upload a JPEG, PNG or WebP image."),
            code="invalid_image",
        ) from None
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("This file is not an image we can read. Please upload a JPEG, PNG or WebP image."),
            code="invalid_image",
        )


class ContentImageFormField(forms.ImageField):
    def to_python(self, data):
        if data is not None and hasattr(data, "size"):
            check_image(data)
        return super().to_python(data)


class ContentImageField(models.ImageField):
    """An ImageField whose uploads go through `check_image` first, with clear messages."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ContentImageFormField, **kwargs})


class FocalPointField(models.PositiveSmallIntegerField):
    """Where the subject of an image is, in percent of its width or height (0 to 100): crops
    for cards keep that point in frame."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 50)
        # Optional in forms (an admin form or a test posting without it keeps the centre).
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [MinValueValidator(0), MaxValueValidator(100)])
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        """A value left empty is the centre, never NULL."""
        if getattr(model_instance, self.attname) is None:
            setattr(model_instance, self.attname, self.get_default())
        return super().pre_save(model_instance, add)


def focal_point_fields() -> tuple[FocalPointField, FocalPointField]:
    """The `image_focal_x` and `image_focal_y` pair every model with an image declares."""
    return (
        FocalPointField(
            _("focal point, across"),
            help_text=_(
                "Where the subject is, from the left edge (0) to the right edge (100). "
                "Cropped versions of the image keep this point in view."
            ),
        ),
        FocalPointField(
            _("focal point, down"),
            help_text=_("Where the subject is, from the top (0) to the bottom (100)."),
        ),
    )


def image_upload_to(instance: models.Model, filename: str) -> str:
    """Uploads of an `ImageSlot`, by model and year: "event/2027/photo.jpg"."""
    return f"{instance._meta.model_name}/{timezone.now():%Y}/{filename}"


class ImageSlot(models.Model):
    """Abstract: one image with its size, its text alternative (register `image_alt` for
    translation) and its focal point. The model's clean() adds `missing_alt_errors(self)`."""

    image = ContentImageField(
        _("image"),
        upload_to=image_upload_to,
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required with an image."),
    )
    image_focal_x, image_focal_y = focal_point_fields()

    class Meta:
        abstract = True


def missing_alt_errors(
    instance: models.Model, image: str = "image", alt: str = "image_alt"
) -> dict[str, str]:
    """With an image set, an error for each language (settings.LANGUAGES) whose text alternative
    is empty, keyed by the localized alt field; no image, no error. For the model's clean()."""
    if not getattr(instance, image):
        return {}
    fields = (build_localized_fieldname(alt, code) for code, _name in settings.LANGUAGES)
    return {
        field: _("An image needs its text alternative in every language.")
        for field in fields
        if not getattr(instance, field)
    }


def image_fieldset(*fields: str) -> tuple:
    """The admin's "Image" fieldset: the image, its text alternative (with `fields` such as a
    caption after it) and its focal point, with what staff need to know."""
    return (
        _("Image"),
        {
            "fields": ["image", "image_alt", *fields, ("image_focal_x", "image_focal_y")],
            "description": _(
                "Optional. A photograph you have the right to publish, JPEG, PNG or WebP. With "
                "an image, describe it in every language. Cards show it cropped to 3:2 around "
                "the focal point; without one, they show the country’s outline map."
            ),
        },
    )
