"""The link of an invitation to apply. The link proves the address it was emailed to, like
a sign-in link, but shows nothing personal by itself: a GET (a person, or a mail scanner)
sees the call and one button; the button's POST records the opening, signs the member in to
My space for the invitation's address and brings them to a member-only page with the call's
application form filled in from their profile, posting to the normal application path
(registrations:apply)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from portal.core.member_session import member_email, member_required, sign_in
from talent.models import Invitation
from talent.services.invitations import invitation_open
from talent.services.prefill import prefilled_application_form


def _closed(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    return render(request, "talent/invitation_form.html", {"call": invitation.call})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = Invitation.objects.select_related("call__project").filter(token=token[:64]).first()
    if found is None:
        return render(request, "talent/invitation_unknown.html", status=404)
    if not found.call.accepts_applications:
        return _closed(request, found)
    if request.method != "POST":
        return render(request, "talent/invitation_open.html", {"call": found.call})
    invitation_open(invitation=found)
    sign_in(request, found.email)
    return redirect("talent:invitation-form", pk=found.pk)


@member_required
@require_safe
def invitation_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The prefilled form, for the member signed in with the invitation's address only."""
    found = (
        Invitation.objects.select_related("call__project", "profile")
        .filter(pk=pk, email__iexact=member_email(request))
        .first()
    )
    if found is None:
        raise Http404
    call = found.call
    if not call.accepts_applications:
        return _closed(request, found)
    context = {
        "call": call,
        "form": prefilled_application_form(found),
        "action": reverse("registrations:apply", kwargs={"slug": call.slug}),
    }
    return render(request, "talent/invitation_form.html", context)
