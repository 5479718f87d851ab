import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from events.models import Event, Session
from portal.core import ratelimit
from portal.core.i18n import slug_lookup_q
from portal.core.models import Page
from portal.core.spoken_languages import spoken_in_text
from projects.models import Call, Project
from registrations import services
from registrations.checkin_codes import checkin_code, qr_svg
from registrations.exceptions import RegistrationError
from registrations.forms import ApplicationForm, InterestForm, RegistrationForm
from registrations.models import Application, Interest, Registration

REFERENCE = re.compile(r"(APP|INT)-[A-Z0-9]{4}-[A-Z0-9]{4}")

Status = Registration.Status

SUCCESS = {
    Status.CONFIRMED: gettext_lazy(
        "Your place is confirmed. We have sent you an email with the details."
    ),
    Status.WAITING: gettext_lazy(
        "The session is full: you are on the waiting list. We have sent you an email."
    ),
    Status.PRE_REGISTERED: gettext_lazy(
        "You are pre-registered. We will email you as soon as the date is set."
    ),
}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(
        Session.objects.select_related("event", "country"),
        pk=session_id,
        event__in=Event.objects.published(),
    )
    context = {"session": session, "event": session.event}
    if not session.accepts_registrations():
        return render(request, "registrations/registration_form.html", context)
    form = RegistrationForm(request.POST or None)
    context["form"] = form
    if request.method == "GET":
        return render(request, "registrations/registration_form.html", context)
    if over := ratelimit.refused(
        request,
        "event-registration",
        form=form,
        template="registrations/registration_form.html",
        context=context,
    ):
        return over
    if not form.is_valid():
        return render(request, "registrations/registration_form.html", context, status=400)
    details = {k: v for k, v in form.cleaned_data.items() if k not in ("consent", "website")}
    # Queued: whether the address is registered already is looked up in the task, and the
    # outcome goes by email only. Every valid form gets the same answer, in the same time,
    # so nobody learns from it whether someone is registered.
    services.registration_request(
        session=session, privacy_version=Page.privacy_version(), **details
    )
    return redirect("registrations:registration-requested", session_id=session.pk)


@require_GET
def registration_requested(request: HttpRequest, session_id: int) -> HttpResponse:
    """After the form: the same page whatever happened (see `register`)."""
    session = get_object_or_404(
        Session.objects.select_related("event"), pk=session_id, event__in=Event.objects.published()
    )
    return render(
        request,
        "registrations/registration_requested.html",
        {"session": session, "event": session.event},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    """A registrant's own page, reached from the link in every email (no account): see the
    registration, cancel it, claim an offered place, confirm once the date is set."""
    registration = get_object_or_404(
        Registration.objects.select_related("session__event", "session__country"), token=token
    )
    if request.method == "POST":
        action = {
            "cancel": services.registration_cancel,
            "claim": services.registration_claim,
            "confirm": services.registration_confirm,
        }.get(request.POST.get("action"))
        if action is None:
            messages.error(request, _("Choose one of the buttons on this page."))
            return redirect(registration)
        try:
            registration = action(registration=registration)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            if registration.status == Status.CANCELLED:
                messages.success(request, _("Your registration is cancelled."))
            else:
                messages.success(request, SUCCESS[registration.status])
        return redirect(registration)
    return render(
        request,
        "registrations/registration_detail.html",
        {
            "registration": registration,
            "session": registration.session,
            "event": registration.session.event,
            **checkin_context(registration),
        },
    )


def checkin_context(registration: Registration) -> dict:
    """The check-in code and its QR code, for a registration that may come to the door."""
    if not registration.is_active:
        return {}
    code = checkin_code(registration)
    return {"checkin_code": code, "checkin_qr": qr_svg(code, label=_("Check-in code"))}


def _by_slug(queryset, slug: str):
    """An object by its slug in any language (a link shared across languages works)."""
    return get_object_or_404(queryset.filter(slug_lookup_q(slug))[:1])


# The thanks page shows what was sent to the browser that sent it, for a while: a signed
# cookie, valid THANKS_MAX_AGE seconds, sent only to the thanks page and only by this site,
# names the submission. Its link holds the reference alone: passed on (or logged), it shows
# nothing personal.
THANKS_COOKIE = "portal_sent"
THANKS_SALT = "registrations.thanks"
THANKS_MAX_AGE = 30 * 60


def _submit(request, form, submit, *, template: str, context: dict) -> HttpResponse | int:
    """The POST steps both interest forms share: a response (the thanks page, or the form
    refused over the rate limit), or the status code to show the form again with (its errors
    added). A CV that passed its checks is kept for the next try (ApplicationForm.keep_cv)."""
    keep_cv = getattr(form, "keep_cv", lambda: None)
    if over := ratelimit.refused(
        request, "registration-of-interest", form=form, template=template, context=context
    ):
        return over
    if not form.is_valid():
        keep_cv()
        return 400
    try:
        submission = submit(
            submission_key=form.cleaned_data["submission_key"],
            privacy_version=Page.privacy_version(),
            **form.details(),
        )
    except RegistrationError as error:
        form.add_error(None, error.message)
        keep_cv()
        return 409
    if hasattr(form, "discard_kept_cv"):
        form.discard_kept_cv()  # the application has its own copy now
    url = reverse("registrations:submission-thanks")
    response = redirect(f"{url}?{urlencode({'reference': submission.reference})}")
    response.set_signed_cookie(
        THANKS_COOKIE,
        f"{submission._meta.model_name}:{submission.pk}",
        salt=THANKS_SALT,
        max_age=THANKS_MAX_AGE,
        path=url,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """A candidate's application to an open call for candidates."""
    call = _by_slug(Call.objects.published().filter(kind=Call.Kind.CANDIDATES), slug)
    context = {"call": call}
    if not call.accepts_applications:
        return render(request, "registrations/application_form.html", context)
    form = ApplicationForm(request.POST or None, request.FILES or None, call=call)
    context["form"] = form
    status = 200
    if request.method == "POST":
        result = _submit(
            request,
            form,
            lambda **details: services.application_submit(call=call, **details),
            template="registrations/application_form.html",
            context=context,
        )
        if isinstance(result, HttpResponse):
            return result
        status = result
    return render(request, "registrations/application_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def express_interest(request: HttpRequest, slug: str) -> HttpResponse:
    """An investor's or partner's interest in a project (and its open investor call)."""
    project = _by_slug(Project.objects.published(), slug)
    call = Call.objects.open().filter(project=project, kind=Call.Kind.INVESTORS).first()
    form = InterestForm(request.POST or None)
    context = {"project": project, "call": call, "form": form}
    status = 200
    if request.method == "POST":
        result = _submit(
            request,
            form,
            lambda **details: services.interest_submit(project=project, call=call, **details),
            template="registrations/interest_form.html",
            context=context,
        )
        if isinstance(result, HttpResponse):
            return result
        status = result
    return render(request, "registrations/interest_form.html", context, status=status)


def _sent_submission(request: HttpRequest, reference: str) -> Application | Interest | None:
    """The submission this browser has just sent, if its signed cookie is valid and fresh."""
    value = request.get_signed_cookie(
        THANKS_COOKIE, default="", salt=THANKS_SALT, max_age=THANKS_MAX_AGE
    )
    model_name, _, pk = value.partition(":")
    if not pk.isdigit():
        return None
    model = {"application": Application, "interest": Interest}.get(model_name)
    if model is None:
        return None
    related = ("call__project", "sector") if model is Application else ("project", "call")
    return model.objects.select_related(*related).filter(pk=pk, reference=reference).first()


def _label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


def _summary(submission: Application | Interest) -> list[tuple[str, str]]:
    """What the person sent, as (label, value) rows; empty answers left out."""
    model = type(submission)
    long_text = lambda text: Truncator(text).words(40)  # noqa: E731
    if isinstance(submission, Application):
        rows = [
            (_label(model, "name"), submission.name),
            (_label(model, "email"), submission.email),
            (_label(model, "phone"), submission.phone),
            (_label(model, "country_of_origin"), submission.country_of_origin.name),
            (_label(model, "country_of_residence"), submission.country_of_residence.name),
            (_label(model, "nationality"), submission.nationality.name),
            (_label(model, "profession"), submission.profession),
            (_label(model, "sector"), str(submission.sector or "")),
            (_label(model, "years_of_experience"), str(submission.years_of_experience)),
            (_label(model, "qualification"), submission.get_qualification_display()),
            (
                _("Languages you speak"),
                spoken_in_text(submission.languages),
            ),
            (_label(model, "available_from"), submission.available_from),
            (_label(model, "availability"), submission.get_availability_display()),
            (_label(model, "motivation"), long_text(submission.motivation)),
            (_("CV"), _("Received") if submission.cv else ""),
        ]
    else:
        rows = [
            (_label(model, "organisation"), submission.organisation),
            (_label(model, "contact_person"), submission.contact_person),
            (_label(model, "email"), submission.email),
            (_label(model, "phone"), submission.phone),
            (_label(model, "country"), submission.country.name),
            (_label(model, "kind"), submission.get_kind_display()),
            (_label(model, "amount"), submission.get_amount_display() if submission.amount else ""),
            (_label(model, "message"), long_text(submission.message)),
        ]
    rows.append((_("Language for our emails"), submission.get_language_display()))
    return [(label, value) for label, value in rows if value not in ("", None)]


@require_GET
@never_cache
def submission_thanks(request: HttpRequest) -> HttpResponse:
    """After an application or interest: the reference, what happens next and whom to
    contact; to the browser that has just sent it, a summary of what it sent."""
    reference = request.GET.get("reference", "")
    if not REFERENCE.fullmatch(reference):
        reference = ""
    submission = _sent_submission(request, reference) if reference else None
    context = {
        "reference": reference,
        "is_application": reference.startswith("APP"),
        "submission": submission,
        "summary": _summary(submission) if submission else [],
        "call": getattr(submission, "call", None),
        "project": getattr(submission, "project", None)
        or getattr(getattr(submission, "call", None), "project", None),
    }
    return render(request, "registrations/submission_thanks.html", context)
