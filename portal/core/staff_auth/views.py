"""The second-factor steps of the admin login, and the lockout page."""

import functools
from urllib.parse import urlencode

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from portal.core.staff_auth import lockout as lockout_rules
from portal.core.staff_auth import services
from portal.core.staff_auth.forms import CodeForm

BACKUP_CODES_SESSION_KEY = "two_factor_new_backup_codes"


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def with_next(url_name: str, request: HttpRequest) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


def staff_only(view):
    """A logged-in, active staff member (password step done), verified or not."""

    @functools.wraps(view)
    @never_cache
    @csrf_protect
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return wrapped


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    context = {**admin.site.each_context(request), "next": _next_url(request), **context}
    return render(request, template, context, status=status)


@staff_only
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the secret), confirm a code."""
    user = request.user
    if services.has_authenticator(user):
        if services.is_verified(user):
            return HttpResponseRedirect(_next_url(request))
        return HttpResponseRedirect(with_next("admin:two-factor-verify", request))
    device = services.totp_device_pending(user=user)
    form = CodeForm(
        request.POST or None,
        check=lambda code: services.totp_device_confirm(device=device, token=code),
    )
    if request.method == "POST" and form.is_valid():
        request.session[BACKUP_CODES_SESSION_KEY] = form.result  # the new backup codes
        device.refresh_from_db()
        otp_login(request, device)
        messages.success(request, _("Two-factor authentication is on for your account."))
        return HttpResponseRedirect(with_next("admin:two-factor-backup-codes", request))
    return _render(
        request,
        "staff_auth/setup.html",
        {
            "title": _("Set up two-factor authentication"),
            "form": form,
            "qr_code": services.qr_code_svg(
                device.config_url,
                label=_("QR code to add your account to an authenticator app"),
            ),
            "secret": services.totp_secret(device),
        },
    )


@staff_only
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of the login: a code from the app, or a backup code."""
    user = request.user
    if services.is_verified(user):
        return HttpResponseRedirect(_next_url(request))
    if not services.has_authenticator(user):
        return HttpResponseRedirect(with_next("admin:two-factor-setup", request))
    form = CodeForm(
        request.POST or None,
        check=lambda code: services.token_verify(user=user, token=code),
    )
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.result)
        if isinstance(form.result, StaticDevice):
            messages.warning(
                request,
                _("You used a backup code; %(count)d left.")
                % {"count": services.backup_codes_left(user)},
            )
        return HttpResponseRedirect(_next_url(request))
    return _render(request, "staff_auth/verify.html", {"title": _("Enter your code"), "form": form})


@staff_only
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes, shown once; a verified user may replace them."""
    user = request.user
    if not services.is_verified(user):
        return HttpResponseRedirect(with_next("admin:two-factor-verify", request))
    if request.method == "POST":
        request.session[BACKUP_CODES_SESSION_KEY] = services.backup_codes_create(user=user)
        return HttpResponseRedirect(reverse("admin:two-factor-backup-codes"))
    return _render(
        request,
        "staff_auth/backup_codes.html",
        {
            "title": _("Backup codes"),
            "codes": request.session.pop(BACKUP_CODES_SESSION_KEY, None),
            "codes_left": services.backup_codes_left(user),
        },
    )


@require_POST
@staff_only
def cancel(request: HttpRequest) -> HttpResponse:
    """Log out from the middle of the second step (the admin's own logout needs a verified
    user)."""
    logout(request)
    return HttpResponseRedirect(reverse("admin:login"))


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login: a page in the visitor's language that says
    why, for how long, and how to be unlocked sooner."""
    reason = getattr(request, "axes_lockout_reason", None) or lockout_rules.BY_ADDRESS
    if reason == lockout_rules.BY_USERNAME:
        failure_limit = settings.AXES_USERNAME_FAILURE_LIMIT
        cool_off = lockout_rules.username_cool_off()
    elif reason == lockout_rules.BY_ADDRESS_ANY_USERNAME:
        failure_limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        cool_off = get_cool_off(request)
    else:
        failure_limit = get_failure_limit(request, credentials)
        cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed login attempts"),
        "reason": reason,
        "failure_limit": failure_limit,
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(
        request, "staff_auth/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
