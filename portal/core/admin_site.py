"""The admin site: staff pass a second factor before any admin page opens (when required)."""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from portal.core import roles
from portal.core.models import SiteSettings
from portal.core.staff_auth import services, views


class PortalAdminSite(admin.AdminSite):
    def each_context(self, request: HttpRequest) -> dict:
        """The admin titled with the site's name from its settings, in the staff member's
        language ("Portail de la diaspora" in French), not a name written into the code."""
        context = super().each_context(request)
        name = SiteSettings.load().site_name
        context["site_title"] = name
        context["site_header"] = gettext("%(site)s – administration") % {"site": name}
        return context

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not super().has_permission(request):
            return False
        return not services.two_factor_required(user) or services.is_verified(user)

    def admin_view(self, view, cacheable=False):
        """Django's admin_view; a staff member refused a page (an editor following a link to
        registrations) sees a staff page in the admin's frame saying what each role may do,
        not the public "Access denied" page."""
        protected = super().admin_view(view, cacheable)

        @wraps(protected)
        def inner(request, *args, **kwargs):
            try:
                return protected(request, *args, **kwargs)
            except PermissionDenied:
                if not self.has_permission(request):
                    raise
                return self.permission_denied(request)

        return inner

    def permission_denied(self, request: HttpRequest) -> HttpResponse:
        held = roles.user_roles(request.user)
        response = TemplateResponse(
            request,
            "admin/portal/permission_denied.html",
            {
                **self.each_context(request),
                "title": gettext("Not open to your role"),
                "roles": [
                    {"name": name, "can": can, "held": role in held}
                    for role, (name, can) in roles.ROLE_DESCRIPTIONS.items()
                ],
                "has_role": bool(held),
            },
            status=403,
        )
        response["Cache-Control"] = "private, no-store"
        return response

    @method_decorator(never_cache)  # as AdminSite.login, whose decorator this override drops
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """After the password step, send staff who still need a code to enrol or verify."""
        user = request.user
        if (
            request.method == "GET"
            and user.is_authenticated
            and user.is_active
            and services.two_factor_required(user)
            and not services.is_verified(user)
        ):
            step = (
                "admin:two-factor-verify"
                if services.has_authenticator(user)
                else "admin:two-factor-setup"
            )
            return HttpResponseRedirect(views.with_next(step, request))
        return super().login(request, extra_context)

    def get_urls(self):
        return [
            path("two-factor/setup/", views.setup, name="two-factor-setup"),
            path("two-factor/verify/", views.verify, name="two-factor-verify"),
            path("two-factor/backup-codes/", views.backup_codes, name="two-factor-backup-codes"),
            path("two-factor/cancel/", views.cancel, name="two-factor-cancel"),
            *super().get_urls(),
        ]
