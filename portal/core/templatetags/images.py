"""`{% responsive_image %}`: WebP renditions with a JPEG fallback, srcset/sizes, lazy loading
and explicit width/height so the page does not shift while images load."""

import logging

from django import template
from django.template.loader import render_to_string
from sorl.thumbnail import get_thumbnail

register = template.Library()
logger = logging.getLogger(__name__)

WIDTHS = (400, 800, 1200)


@register.simple_tag
def responsive_image(
    image,
    alt: str = "",
    sizes: str = "(min-width: 992px) 50vw, 100vw",
    widths: str = "",
    loading: str = "lazy",
    css_class: str = "",
):
    if not image:
        return ""
    wanted = [int(w) for w in widths.split(",")] if widths else list(WIDTHS)
    try:
        natural = image.width
        steps = sorted({min(w, natural) for w in wanted})
        webp = [get_thumbnail(image, f"{w}", format="WEBP", quality=80) for w in steps]
        jpeg = [get_thumbnail(image, f"{w}", format="JPEG", quality=82) for w in steps]
    except Exception:  # a missing or broken file must not take the page down
        logger.exception("Could not render image %s", getattr(image, "name", image))
        return ""
    fallback = jpeg[-1]
    return render_to_string(
        "includes/responsive_image.html",
        {
            "webp_srcset": ", ".join(f"{t.url} {t.width}w" for t in webp),
            "jpeg_srcset": ", ".join(f"{t.url} {t.width}w" for t in jpeg),
            "src": fallback.url,
            "width": fallback.width,
            "height": fallback.height,
            "alt": alt,
            "sizes": sizes,
            "loading": loading,
            "css_class": css_class,
        },
    )


@register.simple_tag
def card_image(obj, sizes: str = "(min-width: 992px) 33vw, 100vw", loading: str = "lazy"):
    """The picture at the top of a card (project, country, event, call, article): the
    object's own image and alt text, or nothing."""
    image = getattr(obj, "image", None)
    if not image:
        return ""
    return responsive_image(image, alt=getattr(obj, "image_alt", ""), sizes=sizes, loading=loading)
