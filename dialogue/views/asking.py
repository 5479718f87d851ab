"""Asking (issue 18, section 1): the form under an item posts here; the confirmation link's
page. Thin: validate, call one service (dialogue/services/asking.py), redirect."""

from django.conf import settings
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dialogue import display
from dialogue.exceptions import InvalidConfirmationLink
from dialogue.forms import AskForm
from dialogue.models import ITEM_FIELDS
from dialogue.services import asking
from portal.core import ratelimit
from portal.core.member_session import member_email
from portal.core.models import Page

ASK_TEMPLATE = "dialogue/ask.html"


def published_item(kind: str, pk: int) -> models.Model:
    """The published item of `kind` (an ITEM_FIELDS key) numbered `pk`; 404 otherwise."""
    model = ITEM_FIELDS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.published(), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """GET: the form on a page of its own, under the item's title. POST: a valid question is
    stored and the visitor sent to `sent`; any refusal shows the form again with its message,
    having stored and sent nothing."""
    item = published_item(kind, pk)
    member = member_email(request)
    form = AskForm(request.POST if request.method == "POST" else None, member_email=member)
    context = {"item": item, "item_kind": kind, "form": form}
    if request.method != "POST":
        return render(request, ASK_TEMPLATE, context)
    if over := ratelimit.refused(
        request,
        "dialogue-ask",
        form=form,
        template=ASK_TEMPLATE,
        context=context,
        limit=settings.DIALOGUE_QUESTIONS_PER_HOUR,
    ):
        return over
    if not form.is_valid():
        return render(request, ASK_TEMPLATE, context, status=400)
    data = form.cleaned_data
    asking.ask(
        item=item,
        kind=data["kind"],
        text=data["text"],
        language=data["language"],
        display_name=data["display_name"],
        email=form.asker_email,
        privacy_version=Page.privacy_version(),
        member=member is not None,
    )
    # The item, so that the next page can link back to it (resolved again there).
    return redirect(f"{reverse('dialogue:sent')}?{urlencode({'kind': kind, 'item': pk})}")


@require_http_methods(["GET", "HEAD"])
def sent(request: HttpRequest) -> HttpResponse:
    """ "Check your email" for an anonymous visitor (a page the cache may keep: nothing
    personal); "waiting for moderation" for a signed-in member (never cached: members
    carry a session cookie)."""
    kind, pk = request.GET.get("kind", ""), request.GET.get("item", "")
    # A link back to the item, only to a published one (never a URL from the query string).
    item = display.public_item(kind, int(pk)) if pk.isdigit() else None
    context = {
        "member": member_email(request) is not None,
        "hours": settings.DIALOGUE_CONFIRM_HOURS,
        "item": item,
    }
    return render(request, "dialogue/sent.html", context)


@never_cache  # the answer depends on the question's state at this moment
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST confirms. Mail scanners that open links confirm nothing:
    only a person's click does."""
    try:
        if request.method == "POST":
            result = asking.confirm(token=token)
            question, done_before = result.question, not result.confirmed_now
        else:
            question = asking.question_for_token(token)
            done_before = question.status != question.Status.UNCONFIRMED
    except InvalidConfirmationLink as error:
        return render(
            request, "dialogue/confirm_invalid.html", {"error": error.message}, status=400
        )
    context = {"question": question, "item": question.item, "done_before": done_before}
    if request.method == "POST" or done_before:
        return render(request, "dialogue/confirm_done.html", context)
    return render(request, "dialogue/confirm.html", context)
