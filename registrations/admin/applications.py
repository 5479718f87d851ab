"""Applications to calls for candidates: review, duplicates, CV downloads."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from portal.core.admin_lists import LargeListAdmin
from portal.core.links import absolute_url
from portal.core.uploads import CONTENT_TYPES
from registrations import services
from registrations.admin.filters import CallFilter, top_countries_filter
from registrations.admin.review import ReviewViews
from registrations.admin.review.detail import languages_text
from registrations.admin.submissions import CSV_ACTIONS, SubmissionAdmin, status_actions
from registrations.models import Application, ReviewStatus
from registrations.services import review


class DuplicateFilter(admin.SimpleListFilter):
    title = _("duplicate")
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", _("Same email on the same call"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_duplicate=True)
        return queryset


@admin.register(Application)
class ApplicationAdmin(LargeListAdmin, ReviewViews, SubmissionAdmin):
    list_display = [
        "reference", "name", "call", "status_shown", "sector", "origin", "language",
        "created_at", "duplicate", "cv_link",
    ]  # fmt: skip
    list_filter = [
        "status", CallFilter, "sector",
        top_countries_filter("country_of_origin", _("country of origin")),
        top_countries_filter("country_of_residence", _("country of residence")),
        "language",
        DuplicateFilter,
    ]  # fmt: skip
    list_select_related = ["call", "sector"]
    search_fields = ["reference", "name", "email", "profession"]
    readonly_fields = [
        "reference", "call", "name", "email", "phone", "country_of_origin",
        "country_of_residence", "nationality", "profession", "sector", "years_of_experience",
        "languages_spoken", "qualification", "available_from", "availability", "motivation",
        "cv_link", "eligibility", "language", "consent_at", "privacy_version", "created_at",
        "updated_at", "withdrawn_at",
    ]  # fmt: skip
    fields = ["status", *readonly_fields]
    actions = [*status_actions(ReviewStatus), *CSV_ACTIONS]
    csv_columns = [
        ("reference", _("reference")), ("call", _("call")), ("status", _("status")),
        ("name", _("full name")), ("email", _("email address")), ("phone", _("phone number")),
        ("country_of_origin", _("country of origin")),
        ("country_of_residence", _("country of residence")),
        ("nationality", _("nationality")), ("profession", _("profession")),
        ("sector", _("sector")), ("years_of_experience", _("years of experience")),
        ("qualification", _("highest qualification")), ("languages", _("languages")),
        ("available_from", _("available from")), ("availability", _("available for")),
        ("language", _("language")), ("created_at", _("received at")),
        ("withdrawn_at", _("withdrawn on")), ("cv_url", _("CV (staff link)")),
    ]  # fmt: skip

    def get_queryset(self, request):
        same = Application.objects.filter(call=OuterRef("call"), email=OuterRef("email"))
        return (
            super()
            .get_queryset(request)
            .annotate(has_duplicate=Exists(same.exclude(pk=OuterRef("pk"))))
        )

    def get_urls(self):
        return [
            # Not behind admin_view: nobody but permitted staff learns that a CV exists
            # (404 for the public, 403 for staff without the permission); download_cv
            # asks for the complete staff login (second factor) itself.
            path(
                "<int:pk>/cv/",
                never_cache(self.download_cv),
                name="registrations_application_cv",
            ),
            *self.review_urls(),
            *super().get_urls(),
        ]

    def download_cv(self, request, pk: int):
        """The CV, to staff allowed to download CVs; every download is logged."""
        return self.cv_response(request, pk, inline=False)

    def cv_response(self, request, pk: int, *, inline: bool):
        """The CV as a download, or `inline` (a PDF shown in the review page's frame), to
        staff allowed to download CVs; every opening is logged."""
        user = request.user
        if not (user.is_active and user.is_staff):
            raise Http404
        if not self.admin_site.has_permission(request):
            # The password alone is not a staff login: the second factor comes first, as
            # for every admin page (checked before the application is even looked up).
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not user.has_perm("registrations.download_cv"):
            raise PermissionDenied
        application = get_object_or_404(Application, pk=pk)
        if not application.cv:
            raise Http404
        extension = application.cv.name.rsplit(".", 1)[-1]
        if inline and extension != "pdf":
            raise Http404  # only a PDF is shown by the browser; the rest is downloaded
        response = FileResponse(
            services.application_cv_open(application=application, user=user, inline=inline),
            as_attachment=not inline,
            filename=f"CV-{application.reference}.{extension}",
            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def cv_url(self, request, application: Application) -> str:
        if not application.cv:
            return ""
        # A link that leaves the request (a spreadsheet): on SITE_URL, not the Host header.
        return absolute_url(reverse("admin:registrations_application_cv", args=[application.pk]))

    def csv_value(self, request, obj, name):
        if name == "cv_url":
            return self.cv_url(request, obj)
        if name == "languages":
            return self.languages_spoken(obj)
        return super().csv_value(request, obj, name)

    def csv_more_columns(self, request, queryset) -> list:
        """One column per eligibility criterion of the selected applications' calls."""
        criteria = dict.fromkeys(
            criterion
            for answers in queryset.values_list("eligibility_answers", flat=True)
            for criterion in answers
        )
        return [
            (criterion, lambda obj, c=criterion: obj.eligibility_answers.get(c))
            for criterion in criteria
        ]

    @admin.display(description=_("CV"))
    def cv_link(self, application: Application) -> str:
        if not application.cv:
            return "–"
        url = reverse("admin:registrations_application_cv", args=[application.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    @admin.display(description=_("country of origin"), ordering="country_of_origin")
    def origin(self, application: Application) -> str:
        """The country's name (the field's own column flattens its 250 choices per row)."""
        return application.country_of_origin.name

    @admin.display(description=_("duplicate"), boolean=True, ordering="has_duplicate")
    def duplicate(self, application: Application) -> bool:
        return application.has_duplicate

    @admin.display(description=_("languages"))
    def languages_spoken(self, application: Application) -> str:
        return languages_text(application)

    @admin.display(description=_("answers to the eligibility criteria"))
    def eligibility(self, application: Application) -> str:
        return format_html_join(
            "",
            "<p>{} <strong>{}</strong></p>",
            (
                (criterion, _("Yes") if answer else _("No"))
                for criterion, answer in review.answers_shown(application)
            ),
        )
