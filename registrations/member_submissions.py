"""My space: the member's applications to calls and investor or partner interests, with
their status history in plain words, what happens next, and a way to withdraw.

The section (`section`, declared in contributions.py) and its actions (the withdraw views,
wired in urls.py). A member reaches only the submissions made with their own address:
anything else is "not found", never "forbidden" (which would say that it exists)."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from modeltranslation.utils import build_localized_fieldname

from portal.core.member_session import member_email, member_required
from registrations import services
from registrations.exceptions import RegistrationError
from registrations.models import (
    Application,
    Interest,
    StatusChange,
    StatusMessage,
    next_steps_text,
    status_histories,
)


@dataclass(frozen=True)
class SubmissionItem:
    """One application or interest as the member sees it."""

    submission: Application | Interest
    is_application: bool
    about: str  # the call's or the project's title
    about_url: str
    about_fallback: bool  # the title is shown in the fallback language
    history: list[StatusChange]
    next_steps: str
    withdraw_url: str


def items_for(email: str) -> list[SubmissionItem]:
    """The member's submissions, newest first, each with its history and next steps. A
    fixed number of queries however many there are (two lists, two histories, the
    messages)."""
    language = translation.get_language()
    applications = list(Application.objects.filter(email=email).select_related("call__project"))
    interests = list(Interest.objects.filter(email=email).select_related("project", "call"))
    histories = {
        Application: status_histories(applications),
        Interest: status_histories(interests),
    }
    statuses = {s.status for s in applications} | {s.status for s in interests}
    stored = {
        (message.kind, message.status): message
        for message in StatusMessage.objects.filter(status__in=statuses)
    }
    items = []
    for submission in sorted(
        [*applications, *interests], key=lambda s: (s.created_at, s.pk), reverse=True
    ):
        is_application = isinstance(submission, Application)
        about = submission.call if is_application else submission.project
        message = stored.get((submission.MESSAGE_KIND, submission.status))
        items.append(
            SubmissionItem(
                submission=submission,
                is_application=is_application,
                about=about.title,
                about_url=about.get_absolute_url(),
                about_fallback=not getattr(about, build_localized_fieldname("title", language)),
                history=histories[type(submission)][submission.pk],
                next_steps=next_steps_text(submission, language, message),
                withdraw_url=reverse(
                    "registrations:submission-withdraw", args=[submission.reference]
                ),
            )
        )
    return items


def section(request: HttpRequest, email: str) -> dict:
    """The My space section's context (portal.core.contract.MemberSection)."""
    return {"items": items_for(email)}


def _own_submission(reference: str, email: str) -> Application | Interest:
    for model in (Application, Interest):
        submission = model.objects.filter(reference=reference, email=email).first()
        if submission is not None:
            return submission
    raise Http404


def _back_to_space() -> HttpResponse:
    return redirect(f"{reverse('members:space')}#submissions")


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    """GET: the confirmation step; POST: withdraw (the member's own submission only)."""
    submission = _own_submission(reference, member_email(request))
    refusal = services.withdraw_refusal(submission=submission)
    if refusal is not None:
        messages.error(request, refusal.message)
        return _back_to_space()
    if request.method == "POST":
        try:
            services.submission_withdraw(submission=submission)
        except RegistrationError as error:  # changed by staff since the page was shown
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(reference)s is withdrawn. The programme team can see it.")
                % {"reference": submission.reference},
            )
        return _back_to_space()
    is_application = isinstance(submission, Application)
    return render(
        request,
        "registrations/member/withdraw_confirm.html",
        {
            "submission": submission,
            "is_application": is_application,
            "about": submission.call.title if is_application else submission.project.title,
        },
    )
