"""Text split into words the way a reader sees them.

`str.split()` treats the no-break spaces as word breaks (U+00A0, and the narrow U+202F that
French puts before : ; ? ! and inside « »): splitting then joining with spaces, as Django's
`truncatewords` does, lets a colon start a line. These keep them.
"""

import re

from django.utils.text import Truncator

_BREAKING_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_NO_BREAK = "\u00a0\u202f\u2007\u2060"
_PLACEHOLDERS = {char: chr(0xF0000 + index) for index, char in enumerate(_NO_BREAK)}


def breaking_words(text: str) -> list[str]:
    """The words of `text`, split at breaking spaces only."""
    return [word for word in _BREAKING_SPACE.split(text or "") if word]


def truncate_words(text: str, count: int) -> str:
    """`text` cut after `count` words, with "…", keeping its no-break spaces."""
    protected = (text or "").translate(str.maketrans(_PLACEHOLDERS))
    cut = Truncator(protected).words(count, truncate="…")
    return cut.translate(str.maketrans({v: k for k, v in _PLACEHOLDERS.items()}))
