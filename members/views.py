"""Signing in by email link, My space, and the member's own data: download, erase, and the
consents given. Every personal page is `member_required` (never cached); the sign-in pages
say the same thing whatever the address."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from members import services
from members.consents import consent_of
from members.exceptions import InvalidLink
from members.forms import EraseForm, SignInForm
from members.links import safe_next
from members.models import SignInLink
from portal.core import contract, privacy, ratelimit
from portal.core.member_session import member_email, member_required, sign_in, sign_out
from portal.core.services import personal_data_erase, personal_data_export_json

SIGN_IN_TEMPLATE = "members/sign_in.html"


def _held(email: str) -> list[tuple[str, int]]:
    """What the registry holds under `email`: (kind, count), the sign-in links left out
    (they are how the member got here, not something they gave us)."""
    held = []
    for entry in privacy.registry().values():
        if entry.model is SignInLink:
            continue
        count = entry.for_email(email).count()
        if count:
            held.append((entry.verbose_name_plural, count))
    return held


@member_required
@require_safe
def space(request: HttpRequest) -> HttpResponse:
    email = member_email(request)
    sections = sorted(contract.collect("member_sections"), key=lambda section: section.order)
    return render(
        request,
        "members/space.html",
        {
            "email": email,
            "held": _held(email),
            "sections": [(s.template, s.context(request, email)) for s in sections],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_request(request: HttpRequest) -> HttpResponse:
    """Ask for a sign-in link. Every valid request gets the same answer (a redirect to the
    same page), in the same time: the link is made and sent in a worker."""
    if request.method != "POST":
        if member_email(request):
            return redirect(safe_next(request.GET.get("next")) or "members:space")
        form = SignInForm(initial={"next": safe_next(request.GET.get("next"))})
        return render(request, SIGN_IN_TEMPLATE, {"form": form})
    form = SignInForm(request.POST)
    if over := ratelimit.refused(request, "member-sign-in", form=form, template=SIGN_IN_TEMPLATE):
        return over
    if not form.is_valid():
        return render(request, SIGN_IN_TEMPLATE, {"form": form}, status=400)
    services.sign_in_link_request_queue(
        email=form.cleaned_data["email"],
        language=translation.get_language(),
        next_path=form.cleaned_data["next"],
    )
    return redirect("members:sign-in-sent")


@require_safe
def sign_in_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "members/sign_in_sent.html", {"link_minutes": settings.MEMBER_LINK_MINUTES}
    )


def _invalid_link(request: HttpRequest) -> HttpResponse:
    """Forged, expired, used or made for something else: one page for all, with the form."""
    return render(
        request,
        "members/link_invalid.html",
        {"error": InvalidLink.message, "form": SignInForm()},
        status=400,
    )


@never_cache  # shows the address the link was sent to
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one "Sign in" button; POST uses the link (once) and signs in. Mail scanners
    that open links do not burn them: only a person's click does."""
    try:
        if request.method != "POST":
            link = services.sign_in_link_check(token=token)
            return render(request, "members/sign_in_confirm.html", {"link": link})
        link = services.sign_in_link_use(token=token)
    except InvalidLink:
        return _invalid_link(request)
    sign_in(request, link.email)
    return redirect(safe_next(link.next_path) or reverse("members:space"))


@require_POST
def sign_out_view(request: HttpRequest) -> HttpResponse:
    sign_out(request)
    messages.success(request, _("You are signed out."))
    return redirect("members:sign-in")


@member_required
@require_POST
def data_download(request: HttpRequest) -> HttpResponse:
    """The same JSON document staff download for the address (and logged the same way)."""
    document = personal_data_export_json(
        email=member_email(request), reason="Downloaded by the member from My space"
    )
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """A confirmation page (what will go, a box to tick), then the same erasure as staff
    carry out; the member is signed out and told it is done."""
    email = member_email(request)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        personal_data_erase(email=email, reason="Erased by the member from My space")
        sign_out(request)
        return render(request, "members/erased.html")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "email": email, "held": _held(email)}
    return render(request, "members/erase.html", context, status=status)


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def consent_withdraw(request: HttpRequest, label: str, pk: int) -> HttpResponse:
    """Confirm, then withdraw one consent through its app's service (the registry entry's
    `revoke`). Only the member's own rows: 404 for any other."""
    entry, obj = consent_of(member_email(request), label, pk)
    if not entry.can_revoke(obj):
        messages.info(request, _("There is nothing left to withdraw here."))
        return redirect("members:space")
    if request.method == "POST":
        try:
            entry.revoke(obj)
        except privacy.RevokeRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Your consent is withdrawn."))
        return redirect("members:space")
    context = {"entry": entry, "object": obj, "kind": capfirst(entry.model._meta.verbose_name)}
    return render(request, "members/consent_withdraw.html", context)
