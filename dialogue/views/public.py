"""What anyone sees: one published question with its answer, and every published question
under an item (the item's page shows the latest few: dialogue.display.item_section)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from dialogue import display
from dialogue.models import ITEM_FIELDS, Question
from portal.core.cache import cache_query_params


@require_safe
def question(request: HttpRequest, pk: int) -> HttpResponse:
    """A published question under a published item, with QAPage JSON-LD."""
    question = get_object_or_404(Question.objects.public(), pk=pk)
    kind = next(name for name in ITEM_FIELDS if getattr(question, f"{name}_id") is not None)
    item = display.public_item(kind, getattr(question, f"{kind}_id"))
    if item is None:
        raise Http404
    return render(
        request,
        "dialogue/question.html",
        {"entry": display.entry(question), "item": item, "item_kind": kind},
    )


@require_safe
@cache_query_params("page")
def item_questions(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Every published question under a published item: its FAQ, then the others, a page
    at a time (the same queries whatever their number)."""
    item = display.public_item(kind, pk)
    if item is None:
        raise Http404
    questions = display.public_questions(item)
    page = Paginator(display.latest(questions), display.PAGE_SIZE).get_page(request.GET.get("page"))
    # Sliced here rather than page.object_list, which skips its query when there is
    # nothing: the page then makes the same queries with 0 or 200 questions.
    start = (page.number - 1) * display.PAGE_SIZE
    entries = display.latest(questions)[start : start + display.PAGE_SIZE]
    faq = list(display.faq(questions))
    count = page.paginator.count + len(faq)
    faq = [display.entry(q) for q in faq] if page.number == 1 else []
    return render(
        request,
        "dialogue/item_questions.html",
        {
            "item": item,
            "item_kind": kind,
            "faq": faq,
            "faq_jsonld": display.faq_jsonld(faq),
            "entries": [display.entry(q) for q in entries],
            "page_obj": page,
            "count": count,
        },
    )
