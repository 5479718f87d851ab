"""The link of an invitation to apply: the call's application form, filled in from the
member's profile, posting to the normal application path (registrations:apply)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from talent.models import Invitation
from talent.services.invitations import invitation_open
from talent.services.prefill import prefilled_application_form


@never_cache
@require_safe
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = (
        Invitation.objects.select_related("call__project", "profile")
        .filter(token=token[:64])
        .first()
    )
    if found is None:
        return render(request, "talent/invitation_unknown.html", status=404)
    invitation_open(invitation=found)
    call = found.call
    context = {"call": call, "invitation": found}
    if call.accepts_applications:
        context["form"] = prefilled_application_form(found)
        context["action"] = reverse("registrations:apply", kwargs={"slug": call.slug})
    return render(request, "talent/invitation_form.html", context)
