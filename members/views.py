"""My space and signing in (skeleton: the sign-in flow is to be built)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.core import contract
from portal.core.member_session import member_email, member_required


@member_required
def space(request: HttpRequest) -> HttpResponse:
    email = member_email(request)
    sections = sorted(contract.collect("member_sections"), key=lambda section: section.order)
    return render(
        request,
        "members/space.html",
        {
            "email": email,
            "sections": [(s.template, s.context(request, email)) for s in sections],
        },
    )


def sign_in_request(request: HttpRequest) -> HttpResponse:
    return render(request, "members/sign_in.html", {})
