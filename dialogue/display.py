"""What the public sees of the questions: which ones appear under an item and in what
order, in which language each text is shown, the counts on cards, and the schema.org data.

Language (issue section 3): a text is shown in the visitor's language when staff wrote that
translation, otherwise in the language it was written in (the question's `language`, the
answer's `answer_language`), marked with that `lang` and the fallback notice naming the
language. No machine translation, no guess.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Model
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from dialogue.models import ITEM_FIELDS, Question, QuestionQuerySet, item_field
from portal.core.i18n import content_languages, language_in_text

# Questions shown under the item itself; the rest are on the item's questions page.
SECTION_SIZE = 5
# FAQ entries shown on the item page (staff promote a few; a long FAQ is on the item's page).
FAQ_SIZE = 20
PAGE_SIZE = 20


@dataclass(frozen=True)
class Shown:
    """One text as a visitor sees it: `language` is the language of `text`, `is_fallback`
    says it is not the visitor's."""

    text: str
    language: str
    is_fallback: bool

    @property
    def language_name(self) -> str:
        return language_in_text(self.language)


def shown(
    question: Question, name: str, original: str, language: str | None = None
) -> Shown | None:
    """`question.<name>` in `language` (by default the active one) if written, else in
    `original` (the language it was written in), else in any language that has it; None when
    empty. No machine translation: the pages, My space and the emails all choose this way."""
    active = language or translation.get_language() or original
    for code in [active, original, *content_languages()]:
        text = (getattr(question, build_localized_fieldname(name, code), "") or "").strip()
        if text:
            return Shown(text=text, language=code, is_fallback=code != active)
    return None


@dataclass(frozen=True)
class Entry:
    """A published question (or comment) and its official answer, ready for a template."""

    question: Question
    text: Shown | None
    answer: Shown | None
    # Names of the languages shown instead of the visitor's, for the fallback notice.
    fallbacks: list[str] = field(default_factory=list)

    @property
    def author(self) -> str:
        return self.question.display_name or _("Anonymous")

    @property
    def answered_by(self) -> str:
        """The office's role that answered ("The programme team"), never a person."""
        return self.question.get_answered_by_display() or Question.AnsweredBy.OFFICE.label


def entry(question: Question) -> Entry:
    text = shown(question, "text", question.language)
    answer = None
    if question.is_answered:
        answer = shown(question, "answer", question.answer_language or question.language)
    fallbacks = []
    for part in (text, answer):
        if part is not None and part.is_fallback and part.language_name not in fallbacks:
            fallbacks.append(part.language_name)
    return Entry(question=question, text=text, answer=answer, fallbacks=fallbacks)


def public_questions(item: Model) -> QuestionQuerySet:
    return Question.objects.public().for_item(item)


def faq(questions: QuestionQuerySet) -> QuestionQuerySet:
    return questions.filter(is_faq=True).order_by("faq_position", "pk")


def latest(questions: QuestionQuerySet) -> QuestionQuerySet:
    """The Q&A outside the FAQ: newest answered first, then the unanswered, newest first."""
    return questions.filter(is_faq=False).order_by(
        F("answered_at").desc(nulls_last=True), "-created_at", "-pk"
    )


def item_section(request: HttpRequest, item: Model) -> dict | None:
    """The Q&A under an item's detail page (`item_sections`, portal/core/contract.py):
    three queries, whatever the number of questions. Nothing under other pages that show
    sections (an application's thanks page)."""
    try:
        item_field(type(item))
    except LookupError:
        return None
    questions = public_questions(item)
    faq_entries = [entry(q) for q in faq(questions)[:FAQ_SIZE]]
    entries = [entry(q) for q in latest(questions)[:SECTION_SIZE]]
    count = questions.count()
    return {
        "item": item,
        "item_kind": item_field(type(item)),
        "faq": faq_entries,
        "entries": entries,
        "count": count,
        "has_more": count > len(faq_entries) + len(entries),
        "faq_jsonld": faq_jsonld(faq_entries),
    }


def public_counts(items: Sequence[Model]) -> Mapping[Model, dict]:
    """{item: {"count": n}} for the items of a list with published Q&A (`card_tags`): one
    query per kind of item in the list, never one per item."""
    by_kind: dict[str, list[Model]] = {}
    for item in items:
        try:
            by_kind.setdefault(item_field(type(item)), []).append(item)
        except LookupError:
            continue  # not an item questions are asked under
    counts = {}
    for kind, kind_items in by_kind.items():
        rows = (
            Question.objects.public()
            .filter(**{f"{kind}__in": [item.pk for item in kind_items]})
            .order_by()  # no ordering column in the GROUP BY
            .values(kind)
            .annotate(count=Count("pk"))
            .values_list(kind, "count")
        )
        numbers = dict(rows)
        for item in kind_items:
            if numbers.get(item.pk):
                counts[item] = {"count": numbers[item.pk]}
    return counts


def public_item(kind: str, pk: int) -> Model | None:
    """The published item of `kind` (an ITEM_FIELDS key), or None (unknown kind, a draft,
    a scheduled or removed item)."""
    model = ITEM_FIELDS.get(kind)
    if model is None:
        return None
    return model.objects.published().filter(pk=pk).first()


# schema.org, as JSON-LD data blocks (portal's `jsonld` tag escapes them).


def faq_jsonld(entries: Sequence[Entry]) -> dict | None:
    """FAQPage for an item's answered FAQ entries; None when there are none."""
    answered = [e for e in entries if e.text is not None and e.answer is not None]
    if not answered:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": e.text.text,
                "inLanguage": e.text.language,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": e.answer.text,
                    "inLanguage": e.answer.language,
                },
            }
            for e in answered
        ],
    }


def qa_jsonld(item: Entry, *, url: str, organization: str) -> dict | None:
    """QAPage for one published question's page; None for a comment (not a question)."""
    question = item.question
    if question.kind != Question.Kind.QUESTION or item.text is None:
        return None
    data = {
        "@type": "Question",
        "name": item.text.text[:110],
        "text": item.text.text,
        "inLanguage": item.text.language,
        "dateCreated": question.created_at.isoformat(),
        "author": {"@type": "Person", "name": item.author},
        "answerCount": 1 if item.answer else 0,
    }
    if item.answer:
        data["acceptedAnswer"] = {
            "@type": "Answer",
            "text": item.answer.text,
            "inLanguage": item.answer.language,
            "dateCreated": question.answered_at.isoformat(),
            "url": f"{url}#answer",
            "author": {"@type": "Organization", "name": organization},
        }
    return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": data}
