"""The asker, signed in to My space, withdraws their question: a confirmation page, then
POST. Only questions asked under the member's own address: any other is "not found", never
"forbidden" (which would say that it exists)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dialogue.exceptions import WithdrawRefused
from dialogue.member import status_label
from dialogue.models import ITEM_FIELDS, Question
from dialogue.services.member import question_withdraw, withdraw_refusal
from portal.core.addresses import same_address
from portal.core.member_session import member_email, member_required

# The section's anchor in My space (dialogue/templates/dialogue/member/questions.html).
ANCHOR = "#my-questions"


def _own_question(pk: int, email: str) -> Question:
    question = (
        Question.objects.filter(same_address("email", email), pk=pk)
        .select_related(*ITEM_FIELDS, "article__issue")
        .first()
    )
    if question is None:
        raise Http404
    return question


def _back_to_space() -> HttpResponse:
    return redirect(f"{reverse('members:space')}{ANCHOR}")


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation step; POST: withdraw (the member's own question only)."""
    question = _own_question(pk, member_email(request))
    refusal = withdraw_refusal(question=question)
    if refusal is not None:
        messages.info(request, refusal.message)
        return _back_to_space()
    if request.method == "POST":
        try:
            question_withdraw(question=question)
        except WithdrawRefused as error:  # changed by a moderator or another tab meanwhile
            messages.info(request, error.message)
        else:
            messages.success(request, _("Your question is withdrawn: it is shown to nobody."))
        return _back_to_space()
    context = {"question": question, "item": question.item, "status_label": status_label(question)}
    return render(request, "dialogue/withdraw_confirm.html", context)
