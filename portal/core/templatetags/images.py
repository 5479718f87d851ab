"""`{% responsive_image %}` and `{% card_image %}`: WebP renditions with a JPEG fallback,
srcset/sizes, lazy loading and explicit width/height so the page does not shift while images
load; cropped to a ratio around the image's focal point when asked.

A card never stays empty: with no image (or one that cannot be read) it shows the outline map
of the country concerned, a static SVG drawn at build time (frontend/maps.mjs)."""

import logging

from django import template
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from sorl.thumbnail import get_thumbnail

from portal.core.maps import outline_size

register = template.Library()
logger = logging.getLogger(__name__)

WIDTHS = (400, 800, 1200)
CARD_RATIO = "3:2"
CARD_WIDTHS = "400,800"


def _parse_ratio(ratio: str) -> tuple[int, int] | None:
    if not ratio:
        return None
    across, down = (int(part) for part in ratio.split(":"))
    return across, down


def _percent(value, default: int = 50) -> int:
    try:
        return max(0, min(100, int(value)))
    except (TypeError, ValueError):
        return default


def _renditions(image, wanted: list[int], ratio: tuple[int, int] | None, crop: str):
    """(webp, jpeg) thumbnails at each width, at most the image's own size (never upscaled)."""
    natural = image.width
    if ratio:
        across, down = ratio
        natural = min(natural, image.height * across // down)
    steps = sorted({min(w, natural) for w in wanted})
    webp, jpeg = [], []
    for width in steps:
        if ratio:
            geometry = f"{width}x{round(width * ratio[1] / ratio[0])}"
            options = {"crop": crop}
        else:
            geometry, options = f"{width}", {}
        webp.append(get_thumbnail(image, geometry, format="WEBP", quality=80, **options))
        jpeg.append(get_thumbnail(image, geometry, format="JPEG", quality=82, **options))
    return webp, jpeg


@register.simple_tag
def responsive_image(
    image,
    alt: str = "",
    sizes: str = "(min-width: 992px) 50vw, 100vw",
    widths: str = "",
    loading: str = "lazy",
    css_class: str = "",
    ratio: str = "",
    focal_x: int = 50,
    focal_y: int = 50,
):
    """The image at `widths` (default 400, 800, 1200); with `ratio` ("3:2"), cropped to it
    keeping the point at `focal_x`% across and `focal_y`% down in view."""
    if not image:
        return ""
    wanted = [int(w) for w in widths.split(",")] if widths else list(WIDTHS)
    crop = f"{_percent(focal_x)}% {_percent(focal_y)}%"
    try:
        webp, jpeg = _renditions(image, wanted, _parse_ratio(ratio), crop)
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


def _prefetched(obj, name: str) -> list | None:
    """A relation's objects if they were prefetched, else None (a card never adds a query)."""
    cache = getattr(obj, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def card_country(obj):
    """The country a card is about, for its outline map: the country itself, a project's
    first country of origin (then of residence), an event's first place or the country of the
    project an event, call or article belongs to; only from what is already loaded."""
    if hasattr(obj, "is_focus"):  # a Country
        return obj
    for name in ("countries_of_origin", "countries_of_residence"):
        countries = _prefetched(obj, name)
        if countries:
            return countries[0]
    sessions = _prefetched(obj, "sessions")
    for session in sessions or ():
        if session.country_id and "country" in session._state.fields_cache:
            return session.country
    fields_cache = getattr(getattr(obj, "_state", None), "fields_cache", {})
    project = fields_cache.get("project")
    if project is not None and project is not obj:
        return card_country(project)
    return None


def outline_map(country, loading: str = "lazy", css_class: str = "teaser__map") -> str:
    """The country's outline as a decorative <img>, or "" when there is no map for it."""
    code = (getattr(country, "code", "") or "").lower()
    size = outline_size(code)
    if size is None:
        return ""
    return format_html(
        '<img class="{}" src="{}" alt="" width="{}" height="{}" loading="{}" decoding="async">',
        css_class,
        static(f"maps/countries/{code}.svg"),
        size[0],
        size[1],
        loading,
    )


@register.simple_tag
def card_image(obj, sizes: str = "(min-width: 992px) 33vw, 100vw", loading: str = "lazy"):
    """The picture at the top of a card (project, country, event, call, article): the
    object's own image cropped to 3:2 around its focal point, else the outline map of the
    country it concerns, else nothing. `loading="eager"` for the first card above the fold."""
    image = getattr(obj, "image", None)
    if image:
        html = responsive_image(
            image,
            alt=getattr(obj, "image_alt", ""),
            sizes=sizes,
            widths=CARD_WIDTHS,
            loading=loading,
            ratio=CARD_RATIO,
            focal_x=getattr(obj, "image_focal_x", 50),
            focal_y=getattr(obj, "image_focal_y", 50),
        )
        if html:
            return html
    country = card_country(obj)
    return outline_map(country, loading=loading) if country is not None else ""


@register.simple_tag
def country_map(country, css_class: str = "country-map") -> str:
    """A country page's outline map (decorative: the page's heading names the country)."""
    return outline_map(country, loading="eager", css_class=css_class)
