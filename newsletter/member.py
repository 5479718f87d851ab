"""The member's newsletter subscription in My space (a `member_sections` entry of this app's
contributions), and what the member does with it there: subscribe (confirmed at once, since
signing in proved the address), change its language, unsubscribe. Only the subscription
under the signed-in member's own address: without one, the actions answer 404."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from newsletter import services
from newsletter.forms import ManageSubscriptionForm, MemberSubscribeForm
from newsletter.models import Subscriber
from portal.core.addresses import same_address
from portal.core.member_session import member_email, member_required
from portal.core.models import Page

PREFIX = "newsletter"  # form field ids stay unique among the sections of My space


def _subscriber(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(same_address("email", email)).first()


def section_context(request: HttpRequest, email: str) -> dict:
    """The subscription under `email` (None when there is none), with the form the section
    offers: subscribe (none, waiting or unsubscribed) or change the language."""
    subscriber = _subscriber(email)
    if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
        form = ManageSubscriptionForm(prefix=PREFIX, initial={"language": subscriber.language})
    else:
        initial = {"language": subscriber.language} if subscriber else {}
        form = MemberSubscribeForm(prefix=PREFIX, initial=initial)
    return {"subscriber": subscriber, "form": form}


def _back_to_space() -> HttpResponse:
    return redirect(reverse("members:space") + "#newsletter-title")


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_subscribe(request: HttpRequest) -> HttpResponse:
    """POST subscribes the member; the form is shown again on its own page (GET, or with
    its errors)."""
    form = MemberSubscribeForm(request.POST or None, prefix=PREFIX)
    if request.method == "POST":
        if form.is_valid():
            services.subscription_member_subscribe(
                email=member_email(request),
                language=form.cleaned_data["language"],
                privacy_version=Page.privacy_version(),
            )
            messages.success(request, _("You are subscribed to the newsletter."))
            return _back_to_space()
        status = 400
    else:
        status = 200
    return render(
        request,
        "newsletter/member/subscribe.html",
        {"form": form, "subscriber": _subscriber(member_email(request))},
        status=status,
    )


@member_required
@require_POST
def member_language(request: HttpRequest) -> HttpResponse:
    subscriber = _subscriber(member_email(request))
    if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
        raise Http404
    form = ManageSubscriptionForm(request.POST, prefix=PREFIX)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages offered."))
        return _back_to_space()
    services.subscription_change_language(
        subscriber=subscriber, language=form.cleaned_data["language"]
    )
    messages.success(request, _("Your preferences are saved."))
    return _back_to_space()


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_unsubscribe(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST unsubscribes (the links in the emails sent so far stop
    working, as when unsubscribing from an email's link)."""
    subscriber = _subscriber(member_email(request))
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        raise Http404
    if request.method == "POST":
        services.subscription_unsubscribe(subscriber=subscriber)
        messages.success(request, _("You are unsubscribed: we will send you no newsletter."))
        return _back_to_space()
    return render(request, "newsletter/member/unsubscribe.html", {"subscriber": subscriber})
