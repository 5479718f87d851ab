"""The pool's search page (the profiles' list in the admin), its CSV export and the profiles'
CV downloads. The query logic is in talent/search.py; the logging in
talent/services/staff_access.py; this module reads the request and answers."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.core.csv_export import COMMA, SEMICOLON, csv_response
from portal.core.spoken_languages import language_name
from portal.core.uploads import CONTENT_TYPES
from talent.models import ExpertProfile, ProfileCountry
from talent.search import (
    PoolPaginator,
    pool_facets,
    pool_ids,
    pool_query_from,
    pool_search,
)
from talent.services import staff_access

PER_PAGE = 25
SEARCH_PERMISSION = "talent.search_pool"
EXPORT_PERMISSION = "talent.export_profiles"
TOP_SKILLS = 3


def urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "export/",
            wrap(require_POST(lambda request: export(model_admin, request))),
            name="talent_expertprofile_export",
        ),
        # Not behind admin_view, as the applications' CVs: nobody but permitted staff learns
        # that a CV exists; the complete staff login is checked in the view.
        path(
            "<int:pk>/cv/",
            never_cache(lambda request, pk: cv_download(model_admin, request, pk)),
            name="talent_expertprofile_cv",
        ),
    ]


def _allowed(request, permission: str = SEARCH_PERMISSION) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def availability(profile: ExpertProfile, today) -> str:
    """A pause, a future start ("Available from …"), or "Available now"."""
    if profile.is_paused(today):
        return _("Paused until %(date)s") % {
            "date": date_format(profile.paused_until, "SHORT_DATE_FORMAT")
        }
    if profile.available_from and profile.available_from > today:
        return _("Available from %(date)s") % {
            "date": date_format(profile.available_from, "SHORT_DATE_FORMAT")
        }
    return _("Available now")


def languages_text(profile: ExpertProfile) -> str:
    """ "French (fluent), Kinyarwanda (native)", from the prefetched rows."""
    return ", ".join(
        f"{language_name(row.language)} ({row.get_level_display()})"
        for row in profile.languages.all()
    )


def _countries(profile: ExpertProfile, kind: str) -> list[str]:
    return [str(row.country.name) for row in profile.countries.all() if row.kind == kind]


def profile_row(profile: ExpertProfile, today) -> dict:
    """What a result row shows, from the prefetched rows."""
    return {
        "profile": profile,
        "origin": ", ".join(_countries(profile, ProfileCountry.Kind.ORIGIN)),
        "residence": ", ".join(_countries(profile, ProfileCountry.Kind.RESIDENCE)),
        "sectors": ", ".join(str(sector) for sector in profile.sectors.all()),
        "skills": ", ".join(str(skill) for skill in list(profile.skills.all())[:TOP_SKILLS]),
        "languages": languages_text(profile),
        "availability": availability(profile, today),
    }


def search_page(model_admin, request):
    """The faceted search: the form and its facets' counts, a page of results."""
    _allowed(request)
    form, query = pool_query_from(request.GET)
    ids = pool_ids(query)  # read once for the page, its count and the facets
    paginator = PoolPaginator(pool_search(query, ids=ids), PER_PAGE, ids=ids)
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    params = query.params()
    response = TemplateResponse(
        request,
        "admin/talent/expertprofile/search.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Search the talent pool"),
            "opts": model_admin.opts,
            "is_nav_sidebar_enabled": False,
            "form": form,
            "query": query,
            "params": params,
            "query_string": urlencode(params),
            "facets": pool_facets(query, ids=ids),
            "page": page,
            "total": paginator.count,
            "rows": [profile_row(profile, today) for profile in page.object_list],
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def export(model_admin, request):
    """The current search's result as CSV (never the CVs), for staff allowed to export;
    every export is logged."""
    _allowed(request, SEARCH_PERMISSION)
    _allowed(request, EXPORT_PERMISSION)
    _form, query = pool_query_from(request.POST)
    separator = COMMA if request.POST.get("separator") == "comma" else SEMICOLON
    profiles = list(pool_search(query).prefetch_related("summaries"))
    staff_access.profiles_export_log(user=request.user, filters=query.params(), rows=len(profiles))
    header = [
        _("full name"), _("email address"), _("language"), _("profession"),
        _("countries of origin or heritage"), _("countries of residence"), _("sectors"),
        _("skills"), _("languages"), _("years of experience"), _("highest qualification"),
        _("available from"), _("not available until"), _("way of working"),
        _("mission length"), _("summary"), _("last confirmed at"),
    ]  # fmt: skip
    rows = (
        [
            profile.name,
            profile.email,
            profile.get_language_display(),
            profile.profession,
            ", ".join(_countries(profile, ProfileCountry.Kind.ORIGIN)),
            ", ".join(_countries(profile, ProfileCountry.Kind.RESIDENCE)),
            ", ".join(str(sector) for sector in profile.sectors.all()),
            ", ".join(str(skill) for skill in profile.skills.all()),
            languages_text(profile),
            profile.years_of_experience,
            profile.get_qualification_display(),
            profile.available_from,
            profile.paused_until,
            profile.get_work_mode_display(),
            profile.get_mission_length_display(),
            "\n".join(summary.text for summary in profile.summaries.all()),
            profile.confirmed_at,
        ]
        for profile in profiles
    )
    response = csv_response("talent-pool", header, rows, separator=separator)
    response["Cache-Control"] = "private, no-store"
    return response


def cv_download(model_admin, request, pk: int):
    """A profile's CV, to staff who may search the pool; every download is logged."""
    user = request.user
    if not (user.is_active and user.is_staff):
        raise Http404
    if not model_admin.admin_site.has_permission(request):
        # The password alone is not a staff login: the second factor comes first.
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    _allowed(request)
    profile = get_object_or_404(ExpertProfile, pk=pk)
    if not profile.cv:
        raise Http404
    extension = profile.cv.name.rsplit(".", 1)[-1]
    response = FileResponse(
        staff_access.profile_cv_open(profile=profile, user=user),
        as_attachment=True,
        filename=f"CV-{profile.pk}.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
