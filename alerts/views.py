from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import services
from alerts.exceptions import InvalidToken
from alerts.forms import AlertPreferencesForm
from alerts.tokens import read_token
from portal.core.member_session import member_email, member_required
from portal.core.models import Page


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The signed-in member's alerts: countries, sectors, how often, language; or stop."""
    email = member_email(request)
    subscription = services.subscription_for(email=email)
    active = subscription is not None and subscription.active
    if request.method == "POST" and "stop" in request.POST:
        if active:
            services.subscription_stop(subscription=subscription)
            messages.success(request, _("Your alerts are stopped. We will send you no more."))
        return redirect("alerts:preferences")
    initial = {"language": get_language()}
    if active:
        initial = {
            "countries": subscription.countries.all(),
            "sectors": subscription.sectors.all(),
            "frequency": subscription.frequency,
            "language": subscription.language,
        }
    form = AlertPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.subscription_save(
                email=email,
                language=form.cleaned_data["language"],
                countries=list(form.cleaned_data["countries"]),
                sectors=list(form.cleaned_data["sectors"]),
                frequency=form.cleaned_data["frequency"],
                privacy_version=Page.privacy_version(),
            )
            messages.success(request, _("Your alerts are saved."))
            return redirect("alerts:preferences")
        status = 400
    else:
        status = 200
    return render(
        request,
        "alerts/preferences.html",
        {"form": form, "subscription": subscription if active else None, "robots": "noindex"},
        status=status,
    )


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alerts/stop.html",
        {"error": InvalidToken.default_message, "robots": "noindex"},
        status=400,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """From the link in every alert: GET asks, POST stops (a mail scanner opening the link
    stops nothing)."""
    try:
        subscription = read_token(token)
    except InvalidToken:
        return _invalid_link(request)
    if request.method == "POST":
        services.subscription_stop(subscription=subscription)  # this link dies too
        return render(request, "alerts/stopped.html", {"robots": "noindex"})
    return render(
        request,
        "alerts/stop.html",
        {"subscription": subscription if subscription.active else None, "robots": "noindex"},
    )


@csrf_exempt  # RFC 8058: mail clients POST without a session; the signed token is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_one_click(request: HttpRequest, token: str) -> HttpResponse:
    """POST (a mail client's unsubscribe button) stops the alerts at once; GET (a person
    following the link) goes to the page that asks first. The newsletter is not touched."""
    try:
        subscription = read_token(token)
    except InvalidToken:
        if request.method == "POST":
            raise Http404 from None
        return redirect(reverse("alerts:stop", kwargs={"token": token}))
    if request.method != "POST":
        # The page in the member's language (this address has no language prefix).
        with translation.override(subscription.language):
            return redirect(reverse("alerts:stop", kwargs={"token": token}))
    services.subscription_stop(subscription=subscription)
    return HttpResponse("Alerts stopped.", content_type="text/plain")
