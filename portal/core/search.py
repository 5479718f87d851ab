"""Site search over every app's public content, in the visitor's language.

An app makes its content searchable by declaring `SearchSource`s in its contributions
(`search_sources`, portal/core/contract.py): a queryset of what the public may see, and the
translated fields to search with their weight (A is the most important, then B, then C).

* On PostgreSQL: full-text search with the text search configuration that
  `settings.SEARCH_CONFIGS` names for the visitor's language (`english_unaccent`,
  `french_unaccent`: the `english`/`french` ones plus `unaccent`, created by a migration), so
  words are stemmed and accents ignored; `simple_unaccent` (no stemming) for a language
  without one. Ranked by `ts_rank`, highlighted by `ts_headline`.
* Elsewhere (SQLite in development): every search word must appear, case- and
  accent-insensitively, as a substring of the object's text; ranked by where the words match
  (title before summary before body). It scans the public rows in Python, which is fine for
  the few hundred objects a development database holds.

Results carry a title and a snippet with the matches wrapped in `<mark>`; everything else in
them is escaped.
"""

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.utils import build_localized_fieldname

from portal.core import contract
from portal.core.i18n import fallback_language
from portal.core.richtext import RichTextField
from portal.core.search_text import (
    SNIPPET_WORDS,
    START,
    STOP,
    _excerpt,
    _row_texts,
    _terms,
    fold,
    highlight,
)

WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}
# For a language settings.SEARCH_CONFIGS does not name: words as written, accents ignored.
DEFAULT_SEARCH_CONFIG = "simple_unaccent"
MAX_RESULTS_PER_SOURCE = 200


@dataclass(frozen=True)
class SearchSource:
    name: str  # unique key, for example "projects.project"
    label: str | Promise
    queryset: Callable[[], QuerySet]
    fields: dict[str, str]  # translated field name -> weight "A", "B" or "C"
    title_field: str = "title"


@dataclass
class SearchResult:
    """One match. `ranked` gives its rank and plain title (never shown: it orders ties);
    `highlight_results` adds the object, its address and the highlighted, escaped title and
    snippet (to the results shown)."""

    pk: object
    label: str | Promise
    rank: float
    title: str | SafeString
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))
    url: str = field(default="")
    obj: object = field(default=None, repr=False, compare=False)
    # Set while the result waits for `highlight_results`.
    source: SearchSource | None = field(default=None, repr=False, compare=False)
    # Without PostgreSQL: the plain texts the match was found in, by field name.
    texts: dict[str, str] | None = field(default=None, repr=False, compare=False)


def sources() -> list[SearchSource]:
    """Every app's declared sources; two under one name is an error, not an override."""
    return list(contract.collect_by("search_sources", lambda source: source.name).values())


# Control characters (tabs and line breaks, NUL, which PostgreSQL refuses in a string, the
# START/STOP marks) separate words like spaces; format characters (a zero-width non-joiner
# in Persian) are kept. (Every control character is below U+00A0.)
_CONTROLS = dict.fromkeys((i for i in range(0xA0) if unicodedata.category(chr(i)) == "Cc"), " ")


def clean_query(query: str) -> str:
    """The query as searched and shown: no control character, spaces collapsed, at most
    200 characters."""
    return " ".join(query.translate(_CONTROLS).split())[:200]


def ranked(query: str, language: str | None = None) -> list[SearchResult]:
    """Every public object matching `query`, best first, as its key, rank and plain title:
    pass the results a page shows to `highlight_results` (loading objects, building their
    addresses and highlighting costs more than finding the matches)."""
    query = clean_query(query)
    if not query:
        return []
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    run = _search_postgresql if connection.vendor == "postgresql" else _search_python
    results = [result for source in sources() for result in run(source, query, language)]
    # Ties in alphabetical order, accents and case aside ("L’OIM" before "Salon").
    results.sort(key=lambda r: (-r.rank, fold(r.title)))
    return results


def highlight_results(
    results: list[SearchResult], query: str, language: str | None = None
) -> list[SearchResult]:
    """Give these results their object, address, and titles and snippets with the matches
    marked (one query per source). Returns them, less any no longer public since `ranked`."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    highlight = _highlight_postgresql if connection.vendor == "postgresql" else _highlight_python
    query = clean_query(query)
    waiting: dict[str, list[SearchResult]] = {}
    for result in results:
        if result.source is not None:
            waiting.setdefault(result.source.name, []).append(result)
    for group in waiting.values():
        highlight(group[0].source, group, query, language)
    return [result for result in results if result.source is None]


def search(query: str, language: str | None = None) -> list[SearchResult]:
    """Every public object matching `query`, best first, highlighted."""
    return highlight_results(ranked(query, language), query, language)


def _marked_to_html(text: str) -> SafeString:
    """Escape `text` and turn the START/STOP marks into <mark> elements."""
    escaped = escape(text)
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


def _dress(result: SearchResult, obj, title: str, snippet: str) -> None:
    """Give `result` its object, address and marked title and snippet."""
    result.obj, result.url = obj, obj.get_absolute_url()
    result.title, result.snippet = _marked_to_html(title), _marked_to_html(snippet)
    result.source = result.texts = None


# PostgreSQL ---------------------------------------------------------------------------------


def search_config(language: str) -> str:
    """The PostgreSQL text search configuration for `language`."""
    return getattr(settings, "SEARCH_CONFIGS", {}).get(language, DEFAULT_SEARCH_CONFIG)


def _localized(name: str, language: str):
    """The field as the visitor reads it: in their language, else the fallback language."""
    own = F(build_localized_fieldname(name, language))
    fallback = fallback_language()
    if language == fallback:
        return Coalesce(own, Value(""), output_field=TextField())
    return Coalesce(
        NullIf(own, Value("")),
        F(build_localized_fieldname(name, fallback)),
        Value(""),
        output_field=TextField(),
    )


def _is_rich(model, name: str) -> bool:
    return isinstance(model._meta.get_field(name), RichTextField)


def _plain(expression):
    """Text without HTML tags (rich text fields), with entities left for Python to decode."""
    return Func(
        expression,
        Value("<[^>]*>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _expressions(source: SearchSource, query: str, language: str) -> dict:
    """The search query, the document's vector, its title and its other text, as the
    visitor reads them (in their language, else the fallback language)."""
    config = search_config(language)
    return {
        "config": config,
        "query": SearchQuery(query, config=config, search_type="websearch"),
        **_document(source, language, config),
    }


# Each source's vector, title and text expressions, by language and configuration: built
# once per process (a search builds them for five sources, twice). A query never changes an
# expression it is given: resolving one copies it.
_documents: dict[tuple, dict] = {}


def _document(source: SearchSource, language: str, config: str) -> dict:
    key = (source.name, language, config, fallback_language())
    found = _documents.get(key)
    if found is None:
        found = _documents[key] = _build_document(source, language, config)
    return found


def _build_document(source: SearchSource, language: str, config: str) -> dict:
    model = source.queryset().model

    def text_of(name: str):
        value = _localized(name, language)
        return _plain(value) if _is_rich(model, name) else value

    vector = None
    for name, weight in source.fields.items():
        part = SearchVector(text_of(name), config=config, weight=weight)
        vector = part if vector is None else vector + part
    text_fields = [name for name in source.fields if name != source.title_field]
    if text_fields:
        parts = []
        for name in text_fields:
            parts += [text_of(name), Value(" ")]
        text = Concat(*parts, output_field=TextField())
    else:
        text = Value("", output_field=TextField())
    return {"vector": vector, "title": text_of(source.title_field), "text": text}


def _search_postgresql(source: SearchSource, query: str, language: str) -> list[SearchResult]:
    """The matching rows' keys, ranks and titles: `highlight_results` adds the rest to the
    results a page shows (ts_headline reads the whole text of each row, the costliest part
    after matching). The vector is only matched on, never selected."""
    rows = _matching(source, query, language).values_list("pk", "search_rank", "search_plain_title")
    return [
        SearchResult(pk=pk, label=source.label, rank=rank, title=title, source=source)
        for pk, rank, title in rows[:MAX_RESULTS_PER_SOURCE]
    ]


def _matching(source: SearchSource, query: str, language: str) -> QuerySet:
    """The source's rows matching `query`, best first (their vector is indexed:
    portal/core/search_indexes.py)."""
    parts = _expressions(source, query, language)
    return (
        source.queryset()
        .alias(search_vector=parts["vector"])
        .annotate(
            search_rank=SearchRank(F("search_vector"), parts["query"]),
            search_plain_title=parts["title"],
        )
        .filter(search_vector=parts["query"])
        .order_by("-search_rank", "pk")
    )


# Runs of ASCII spaces in a snippet (tags became spaces): not str.split(), which would also
# break French typography's narrow no-break spaces.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def _highlight_postgresql(
    source: SearchSource, results: list[SearchResult], query: str, language: str
) -> None:
    parts = _expressions(source, query, language)
    options = {"config": parts["config"], "start_sel": START, "stop_sel": STOP}
    objects = source.queryset().annotate(
        search_title=SearchHeadline(parts["title"], parts["query"], highlight_all=True, **options),
        search_snippet=SearchHeadline(
            parts["text"], parts["query"], max_words=SNIPPET_WORDS, min_words=15, **options
        ),
    )
    found = objects.prefetch_related(None).order_by().in_bulk([result.pk for result in results])
    for result in results:
        if obj := found.get(result.pk):
            snippet = _SPACES.sub(" ", html.unescape(obj.search_snippet)).strip(" ")
            _dress(result, obj, obj.search_title, snippet)


# Python fallback (SQLite) -------------------------------------------------------------------


def _search_python(source: SearchSource, query: str, language: str) -> list[SearchResult]:
    terms = _terms(query)
    if not terms:
        return []
    model = source.queryset().model
    names = list(source.fields)
    rich = [_is_rich(model, name) for name in names]
    # Each field as the visitor reads it (their language, else the fallback language), as
    # values: no model instance is built for the rows scanned.
    columns = {f"search_text_{i}": _localized(name, language) for i, name in enumerate(names)}
    # Unordered: the results are sorted by rank (on SQLite an ordering by a text field
    # calls the Python collation, portal/core/collation.py, for every comparison).
    rows = source.queryset().annotate(**columns).order_by().values_list("pk", *columns)
    phrase = " ".join(terms) if len(terms) > 1 else None  # in the title: a bonus
    results = []
    for pk, *values in rows:
        texts, folded = _row_texts(dict(zip(names, zip(values, rich, strict=True), strict=True)))
        rank = 0.0
        for term in terms:
            best = max(
                (WEIGHTS[w] for name, w in source.fields.items() if term in folded[name]),
                default=0.0,
            )
            if not best:
                break  # every word must appear somewhere
            rank += best
        else:
            if phrase and phrase in folded[source.title_field]:
                rank += WEIGHTS["A"]
            title = texts[source.title_field]
            results.append(
                SearchResult(
                    pk=pk, label=source.label, rank=rank, title=title, source=source, texts=texts
                )
            )
    results.sort(key=lambda r: -r.rank)
    return results[:MAX_RESULTS_PER_SOURCE]


def _highlight_python(
    source: SearchSource, results: list[SearchResult], query: str, language: str
) -> None:
    terms = _terms(query)
    # (A result shows its own fields and address: none of the list's prefetched relations.)
    found = source.queryset().prefetch_related(None).order_by().in_bulk([r.pk for r in results])
    for result in results:
        if obj := found.get(result.pk):
            texts = result.texts
            body = " ".join(texts[name] for name in source.fields if name != source.title_field)
            _dress(result, obj, highlight(texts[source.title_field], terms), _excerpt(body, terms))
