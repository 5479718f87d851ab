from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.models import Session
from portal import ratelimit
from portal.models import Page
from registrations import services
from registrations.exceptions import AlreadyRegistered, RegistrationError
from registrations.forms import RegistrationForm
from registrations.models import Registration

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
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(
        Session.objects.select_related("event", "country"),
        pk=session_id,
        event__is_published=True,
    )
    context = {"session": session, "event": session.event}
    if not session.accepts_registrations():
        return render(request, "registrations/registration_form.html", context)
    form = RegistrationForm(request.POST or None)
    context["form"] = form
    if request.method == "GET":
        return render(request, "registrations/registration_form.html", context)
    limit = settings.FORM_RATE_LIMIT_PER_HOUR
    if ratelimit.hit(request, "event-registration", limit=limit, period=3600):
        form.add_error(None, _("Too many attempts from your connection. Please try again later."))
        return render(request, "registrations/registration_form.html", context, status=429)
    if not form.is_valid():
        return render(request, "registrations/registration_form.html", context, status=400)
    details = {k: v for k, v in form.cleaned_data.items() if k not in ("consent", "website")}
    privacy = Page.objects.filter(key=Page.Key.PRIVACY).first()
    try:
        registration = services.registration_create(
            session=session, privacy_version=privacy.version if privacy else "", **details
        )
    except AlreadyRegistered as error:
        form.add_error("email", error.message)
        return render(request, "registrations/registration_form.html", context, status=409)
    except RegistrationError as error:
        form.add_error(None, error.message)
        return render(request, "registrations/registration_form.html", context, status=409)
    messages.success(request, SUCCESS[registration.status])
    return redirect(registration)


@never_cache
@require_http_methods(["GET", "POST"])
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
        },
    )
