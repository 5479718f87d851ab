"""The member's expert profile pages (signed-in members only, never cached), and the page
the yearly "still interested?" email links to."""

from django.contrib import messages
from django.core.files import File
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.core.addresses import same_address
from portal.core.datetimes import format_date
from portal.core.member_session import member_email, member_required
from portal.core.models import Page
from registrations.models import Application
from talent import services
from talent.forms import PauseForm, ProfileForm, initial_from_application, initial_from_profile
from talent.models import ExpertProfile
from talent.tokens import InvalidToken, read_token


def _my_space_profile() -> HttpResponse:
    """My space, at the profile's section (talent/member/profile.html)."""
    return redirect(reverse("members:space") + "#expert-profile")


def _own_profile(email: str) -> ExpertProfile | None:
    return (
        ExpertProfile.objects.filter(email=email)
        .prefetch_related("countries", "languages", "summaries", "sectors", "skills")
        .first()
    )


def _own_application(email: str, reference: str) -> Application | None:
    """The signed-in member's application with this reference; never anyone else's."""
    if not reference:
        return None
    return (
        Application.objects.filter(same_address("email", email), reference=reference)
        .exclude(withdrawn_at__isnull=False)
        .first()
    )


def _application_cv(application: Application) -> File | None:
    """The application's CV, to be copied into the profile's own file; None when its file
    is gone (erased meanwhile, say)."""
    if not application.cv or not application.cv.storage.exists(application.cv.name):
        return None
    extension = application.cv.name.rsplit(".", 1)[-1].lower()
    return File(application.cv.open("rb"), name=f"cv.{extension}")


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """Create or change the member's profile; with `?from=<reference>`, prefilled from
    their own application (and its CV offered)."""
    email = member_email(request)
    profile = _own_profile(email)
    reference = (request.POST.get("from") or request.GET.get("from") or "").strip()[:20]
    application = _own_application(email, reference)
    if reference and application is None and request.method != "POST":
        messages.warning(
            request,
            _("We found no application with this reference under your address: the form "
              "is not filled in from it."),
        )  # fmt: skip
    if profile is not None:
        initial = initial_from_profile(profile)
    elif application is not None:
        initial = initial_from_application(application)
    else:
        initial = {}
    privacy_version = Page.privacy_version()
    # Consent is asked once, and again only when the privacy notice has changed since.
    consent_needed = profile is None or profile.privacy_version != privacy_version
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        current_cv=bool(profile and profile.cv),
        application=application,
        consent_needed=consent_needed,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cv = form.cleaned_data.get("cv")
            if cv is None and application is not None and form.wants_application_cv():
                cv = _application_cv(application)
            try:
                services.profile_save(
                    email=email,
                    language=form.cleaned_data["language"],
                    data=form.profile_data(),
                    privacy_version=privacy_version,
                    consented=consent_needed,
                    cv=cv,
                    remove_cv=form.remove_cv(),
                )
            finally:
                if isinstance(cv, File) and not hasattr(cv, "content_type"):
                    cv.close()
            form.discard_kept_cv()  # the profile holds its own copy now
            if profile:
                message = _("Your expert profile is saved.")
            else:
                message = _(
                    "Your expert profile is created: programme officers can now invite you."
                )
            if form.added_sectors:
                message += " " + _("We added the sector of the skills you chose: %(sectors)s.") % {
                    "sectors": ", ".join(str(sector) for sector in form.added_sectors)
                }
            messages.success(request, message)
            return _my_space_profile()
        form.keep_cv()
        status = 400
    return render(
        request,
        "talent/profile_form.html",
        {
            "form": form,
            "profile": profile,
            "application": application,
            "consent_needed": consent_needed,
            "robots": "noindex",
        },
        status=status,
    )


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_pause(request: HttpRequest) -> HttpResponse:
    profile = services.profile_for(email=member_email(request))
    if profile is None:
        return redirect("talent:profile-edit")
    form = PauseForm(request.POST or None, initial={"until": profile.paused_until})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.profile_pause(profile=profile, until=form.cleaned_data["until"])
            messages.success(
                request,
                _("Your profile is paused: we will not propose you for calls until %(date)s.")
                % {"date": format_date(form.cleaned_data["until"])},
            )
            return _my_space_profile()
        status = 400
    return render(
        request,
        "talent/profile_pause.html",
        {"form": form, "profile": profile, "robots": "noindex"},
        status=status,
    )


@member_required
@require_POST
def profile_resume(request: HttpRequest) -> HttpResponse:
    profile = services.profile_for(email=member_email(request))
    if profile is not None:
        services.profile_resume(profile=profile)
        messages.success(request, _("Your profile is active again: we may propose you for calls."))
    return _my_space_profile()


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_delete(request: HttpRequest) -> HttpResponse:
    """GET says what goes; POST deletes it."""
    profile = services.profile_for(email=member_email(request))
    if profile is None:
        return redirect("members:space")
    if request.method == "POST":
        services.profile_delete(profile=profile)
        messages.success(request, _("Your expert profile and your CV are deleted."))
        return redirect("members:space")
    return render(request, "talent/profile_delete.html", {"profile": profile, "robots": "noindex"})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def still_interested(request: HttpRequest, token: str) -> HttpResponse:
    """From the yearly email: GET asks, POST keeps the profile (a mail scanner opening the
    link confirms nothing)."""
    try:
        profile = read_token(token)
    except InvalidToken:
        return render(
            request,
            "talent/still_interested.html",
            {"invalid": True, "robots": "noindex"},
            status=400,
        )
    if request.method == "POST":
        services.profile_confirm(profile=profile)
        return render(
            request,
            "talent/still_interested.html",
            {"confirmed": True, "profile": profile, "robots": "noindex"},
        )
    return render(
        request, "talent/still_interested.html", {"profile": profile, "robots": "noindex"}
    )
