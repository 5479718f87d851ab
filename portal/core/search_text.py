"""Search text without PostgreSQL (portal/core/search.py's fallback, used on SQLite): words
folded for comparison (case and accents aside), matched as parts of words, highlighted,
and cut into snippets; each row's plain and folded texts kept per process.

Also the marks and the snippet length that PostgreSQL's highlighting uses too.
"""

import html
import re
import unicodedata

from django.utils.html import strip_tags

from portal.core.text import breaking_words

SNIPPET_WORDS = 30
# Marks put around matches before escaping, then turned into <mark>: control characters that
# never occur in content, so a match can't be confused with text.
START, STOP = "\x02", "\x03"


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """`text` lower-cased without accents, and for each of its characters the index of the
    character of `text` it comes from (folding "é" gives "e"; "ß" gives "ss")."""
    folded, origin = [], []
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        folded.append(base)
        origin.extend([index] * len(base))
    return "".join(folded), origin


def fold(text: str) -> str:
    """`_fold_with_map(text)[0]`, on the whole string at once (decomposing a string gives its
    characters' decompositions, only reordering combining marks, which are dropped)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_COMBINING).casefold()


# Every combining mark, mapped to nothing (str.translate drops them in one pass). The last
# one is U+1E94A (Unicode 15): the planes above hold none.
_COMBINING = dict.fromkeys(i for i in range(0x20000) if unicodedata.combining(chr(i)))


def _terms(query: str) -> list[str]:
    """The query's words, folded; a lone letter is dropped (matched as part of any word, it
    would find nearly everything: `<b>x</b>` is not a search for "b" and "x")."""
    words = re.findall(r"\w+", fold(query))
    return list(dict.fromkeys(w for w in words if len(w) > 1))


def _match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms occur in `text` (start, end in `text`), merged and sorted."""
    folded, origin = _fold_with_map(text)
    spans = []
    for term in terms:
        for found in re.finditer(re.escape(term), folded):
            spans.append((origin[found.start()], origin[found.end() - 1] + 1))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[str]) -> str:
    """`text` with START/STOP marks around every occurrence of the terms."""
    out, last = [], 0
    for start, end in _match_spans(text, terms):
        out += [text[last:start], START, text[start:end], STOP]
        last = end
    out.append(text[last:])
    return "".join(out)


def _excerpt(text: str, terms: list[str]) -> str:
    """About SNIPPET_WORDS words of `text` around the first match, marked."""
    words = breaking_words(text)
    if len(words) <= SNIPPET_WORDS:
        return highlight(text, terms)
    first = next((i for i, word in enumerate(words) if any(t in fold(word) for t in terms)), 0)
    start = max(0, first - SNIPPET_WORDS // 3)
    chosen = " ".join(words[start : start + SNIPPET_WORDS])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
    return prefix + highlight(chosen, terms) + suffix


def _plain_text(value, rich: bool) -> str:
    """The text of a field; rich text without its tags, each a word break as on PostgreSQL
    (`_plain`), so that paragraphs do not run together ("them.On 5 October")."""
    text = html.unescape(strip_tags(_TAG.sub(r" \g<0>", value or ""))) if rich else (value or "")
    return " ".join(breaking_words(text))


_TAG = re.compile(r"<[^>]*>")


# A row's plain and folded texts by its raw values: a search with a new term otherwise strips
# and folds every row again. Kept in this process, keyed by the values themselves (an edit
# gives a new key, nothing goes stale); emptied when full.
ROW_TEXTS_MAX = 5_000
_row_texts_seen: dict[tuple, tuple[dict[str, str], dict[str, str]]] = {}


def _row_texts(values: dict[str, tuple[str | None, bool]]) -> tuple[dict, dict]:
    key = tuple(values.items())
    found = _row_texts_seen.get(key)
    if found is None:
        texts = {name: _plain_text(value, rich) for name, (value, rich) in values.items()}
        found = texts, {name: fold(text) for name, text in texts.items()}
        if len(_row_texts_seen) >= ROW_TEXTS_MAX:
            _row_texts_seen.clear()
        _row_texts_seen[key] = found
    return found
