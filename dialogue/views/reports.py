"""Anyone may report a published question (services/reports.py): a small form, then a
thank-you page. Refusals are shown on the form, in the visitor's language, and store
nothing; the one-report-per-visitor rule reads the visitor's address, never stores it."""

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from dialogue import display
from dialogue.exceptions import ReportRefused
from dialogue.forms import ReportForm
from dialogue.models import ITEM_FIELDS, Question
from dialogue.services.reports import question_report, reporter_network
from portal.core import ratelimit
from portal.core.client_address import client_address

TEMPLATE = "dialogue/report_form.html"


def _under_public_item(question: Question) -> Question:
    """`question`, or 404 when its item is not public (a draft, scheduled or removed item):
    the pages would show the item's title (as dialogue.views.public.question checks)."""
    kind = next(name for name in ITEM_FIELDS if getattr(question, f"{name}_id") is not None)
    if display.public_item(kind, getattr(question, f"{kind}_id")) is None:
        raise Http404
    return question


def _public_question(pk: int) -> Question:
    related = [*ITEM_FIELDS, "article__issue"]
    question = get_object_or_404(Question.objects.public().select_related(*related), pk=pk)
    return _under_public_item(question)


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    question = _public_question(pk)
    context = {"question": question, "item": question.item}
    if request.method != "POST":
        return render(request, TEMPLATE, {**context, "form": ReportForm()})
    form = ReportForm(request.POST)
    if over := ratelimit.refused(
        request, "dialogue-report", form=form, template=TEMPLATE, context=context
    ):
        return over
    if not form.is_valid():
        return render(request, TEMPLATE, {**context, "form": form}, status=400)
    try:
        question_report(
            question=question,
            visitor=reporter_network(client_address(request)),
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except Question.DoesNotExist:  # hidden or withdrawn since the form was shown
        raise Http404 from None
    except ReportRefused as refusal:
        form.add_error(None, refusal.message)
        return render(request, TEMPLATE, {**context, "form": form}, status=400)
    return redirect("dialogue:report-thanks", pk=question.pk)


@require_safe
def report_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    """The same page for every visitor, for a question someone has reported (it may be
    hidden by now: only its item is named)."""
    related = [*ITEM_FIELDS, "article__issue"]
    question = get_object_or_404(
        Question.objects.select_related(*related).filter(Q(reports__isnull=False)).distinct(),
        pk=pk,
    )
    question = _under_public_item(question)
    return render(request, "dialogue/report_thanks.html", {"item": question.item})
