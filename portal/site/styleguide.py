"""The style guide's tokens, read from the stylesheet itself (static/css/site.css) so the page
cannot drift from the CSS, with their WCAG contrast ratios computed here rather than written
down by hand."""

import re
from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders

STYLESHEET = "css/site.css"
COLOR = re.compile(r"--(color-[a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;")
LENGTH = re.compile(r"--((?:space|text|radius)-[a-z0-9]+):\s*([^;]+);")

# The pairs the design relies on (foreground token, background token, minimum ratio):
# 7:1 for the primary blue (the brief), 4.5:1 for text, 3:1 for borders and focus.
PAIRS = [
    ("color-white", "color-primary", 7.0),
    ("color-primary", "color-white", 7.0),
    ("color-white", "color-primary-dark", 7.0),
    ("color-text", "color-white", 4.5),
    ("color-text", "color-surface", 4.5),
    ("color-text-muted", "color-white", 4.5),
    ("color-text-muted", "color-surface", 4.5),
    ("color-primary", "color-primary-tint", 4.5),
    ("color-white", "color-accent", 4.5),
    ("color-white", "color-accent-dark", 4.5),
    ("color-success", "color-success-tint", 4.5),
    ("color-warning", "color-warning-tint", 4.5),
    ("color-error", "color-error-tint", 4.5),
    ("color-border", "color-white", 3.0),
    ("color-focus", "color-focus-inner", 3.0),
    ("color-focus", "color-primary", 3.0),
]


@dataclass(frozen=True)
class Colour:
    name: str
    value: str
    on_white: float
    on_text: float


@dataclass(frozen=True)
class Pair:
    foreground: Colour
    background: Colour
    ratio: float
    minimum: float

    @property
    def passes(self) -> bool:
        return self.ratio >= self.minimum


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two #rrggbb colours, rounded to two decimals."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return round((lighter + 0.05) / (darker + 0.05), 2)


@cache
def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    return text[text.index(":root") : text.index("}", text.index(":root"))]


def colours() -> list[Colour]:
    values = dict(COLOR.findall(_stylesheet()))
    white, text = values["color-white"], values["color-text"]
    return [
        Colour(name, value, contrast_ratio(value, white), contrast_ratio(value, text))
        for name, value in values.items()
    ]


def pairs() -> list[Pair]:
    by_name = {colour.name: colour for colour in colours()}
    return [
        Pair(
            by_name[fg], by_name[bg], contrast_ratio(by_name[fg].value, by_name[bg].value), minimum
        )
        for fg, bg, minimum in PAIRS
    ]


def lengths(prefix: str) -> list[tuple[str, str]]:
    """The spacing (`space`), type (`text`) or radius (`radius`) tokens, in stylesheet order."""
    return [
        (name, value.strip())
        for name, value in LENGTH.findall(_stylesheet())
        if name.startswith(prefix)
    ]
