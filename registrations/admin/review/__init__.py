"""The review pages of applications, per call (staff who may see applications): the list
with its filters, and one application at a time with its CV, notes, status history,
reviewer, scores, and next/previous inside the list's filters. The application admin
inherits these views (ReviewViews) and serves them under its own URLs."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin

from projects.models import Call
from registrations.admin.review import detail, listing
from registrations.models import Application
from registrations.services import review

PER_PAGE = 50
# The framed CV's own policy: sandboxed, loads nothing, framed by our pages only.
CV_FRAME_POLICY = "default-src 'none'; sandbox; frame-ancestors 'self'"


class ReviewViews:
    """Mixed into ApplicationAdmin (a ModelAdmin): its review pages and their URLs."""

    def review_urls(self) -> list:
        site = self.admin_site
        return [
            path("review/", site.admin_view(self.review_calls), name="registrations_review_calls"),
            path(
                "review/<int:call_id>/",
                site.admin_view(self.review_list),
                name="registrations_review_list",
            ),
            path(
                "review/<int:call_id>/<int:pk>/",
                site.admin_view(self.review_application),
                name="registrations_review_application",
            ),
            # As the CV download: checks the full staff login itself, never cached, logged.
            path(
                "<int:pk>/cv/inline/",
                never_cache(self.cv_inline),
                name="registrations_application_cv_inline",
            ),
        ]

    def changelist_view(self, request, extra_context=None):
        # Filtered by one call: the object tools offer that call's review page.
        call = request.GET.get("call__id__exact", "")
        extra = {"review_call_id": int(call) if call.isdigit() else None, **(extra_context or {})}
        return super().changelist_view(request, extra)

    def _allowed(self, request, *, change: bool = False) -> None:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if change and not self.has_change_permission(request):
            raise PermissionDenied

    def _context(self, request, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            # The whole width for the table: the model list in the sidebar is a click away.
            "is_nav_sidebar_enabled": False,
            "opts": self.opts,
            **extra,
        }

    def review_calls(self, request):
        """The calls for candidates, each with its number of applications."""
        self._allowed(request)
        calls = detail.calls_with_counts()
        return TemplateResponse(
            request,
            "admin/registrations/review_calls.html",
            self._context(request, title=_("Review applications"), calls=calls),
        )

    def review_list(self, request, call_id: int):
        self._allowed(request)
        call = get_object_or_404(Call, pk=call_id, kind=Call.Kind.CANDIDATES)
        filters = listing.carried(call, request.GET)
        queryset = listing.applications(call, filters)
        page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
        rows = [detail.row(application) for application in page.object_list]
        return TemplateResponse(
            request,
            "admin/registrations/review_list.html",
            self._context(
                request,
                title=_("Review: %(call)s") % {"call": call.title},
                call=call,
                rows=rows,
                page=page,
                total=page.paginator.count,
                list_filters=listing.list_filters(call, filters),
                filters=filters,
                query=listing.query_string(filters),
                can_download_cv=request.user.has_perm("registrations.download_cv"),
            ),
        )

    def review_application(self, request, call_id: int, pk: int):
        change = request.method == "POST"
        self._allowed(request, change=change)
        call = get_object_or_404(Call, pk=call_id, kind=Call.Kind.CANDIDATES)
        application = get_object_or_404(
            Application.objects.select_related("sector", "call"), pk=pk, call=call
        )
        filters = listing.carried(call, request.GET)
        query = listing.query_string(filters)
        here = reverse("admin:registrations_review_application", args=[call.pk, pk]) + query
        if change:
            response = detail.act(self, request, application, here)
            if response is not None:
                return response
            return redirect(here)
        pks = list(listing.applications(call, filters).values_list("pk", flat=True))
        previous, following = review.neighbours(pks, pk)
        return TemplateResponse(
            request,
            "admin/registrations/review_application.html",
            self._context(
                request,
                title=_("Application %(reference)s") % {"reference": application.reference},
                call=call,
                application=application,
                query=query,
                position=pks.index(pk) + 1 if pk in pks else None,
                total=len(pks),
                previous=previous,
                following=following,
                can_download_cv=request.user.has_perm("registrations.download_cv"),
                can_change=self.has_change_permission(request),
                **detail.context(request, application),
            ),
        )

    @xframe_options_sameorigin
    def cv_inline(self, request, pk: int):
        """The PDF CV for the review page's frame: only this response may be framed, and
        only by our own pages (the site forbids framing everywhere else).

        The sandbox comes with the response, not from the frame's `sandbox` attribute:
        Chromium refuses to show a PDF inside a frame that has the attribute, but shows one
        whose own policy sandboxes it (an opaque origin: no script, form, pop-up or
        navigation of the page). The policy is set here, so django-csp leaves it alone."""
        response = self.cv_response(request, pk, inline=True)
        if response.status_code == 200:
            response["Content-Security-Policy"] = CV_FRAME_POLICY
        return response
