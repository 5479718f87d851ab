"""`fold` (whole strings at once, what the SQLite search runs on every row) gives what the
character-by-character fold with its map gives (what highlighting relies on)."""

import pytest

from portal.core.search_text import _fold_with_map, fold


@pytest.mark.parametrize(
    "text",
    [
        "Health and education",
        "Élève ÉTÉ à Genève",
        "Straße",
        "ﬁnance",
        "Ǆemal",
        "İstanbul",
        "ĲSSEL",
        "Ａｂｃ",
        "ᾳ ΐ ΣΑΣ",
        "e\u0301\u0327x",
        "Côte d’Ivoire – santé",
    ],
)
def test_fold_is_the_mapped_fold(text):
    assert fold(text) == _fold_with_map(text)[0]


def test_fold_of_every_character_is_the_mapped_fold():
    text = "".join(chr(i) for i in range(0x20, 0x3000) if not 0xD800 <= i < 0xE000)
    assert fold(text) == _fold_with_map(text)[0]
