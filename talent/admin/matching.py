"""The matching pages of the talent pool (programme officers): the open calls for
candidates with how many profiles meet each; for one call its requirements, the ranked
profiles (each saying why it matched and what is missing) to choose and invite, after a
confirmation page; and the call's invitations with their outcome.

The rules are in talent.matching and talent.services.invitations; this module reads the
request and answers."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.core.spoken_languages import Level
from projects.models import Call
from registrations.models import ReviewStatus
from talent.exceptions import TalentError
from talent.matching import (
    call_matches,
    call_requirements,
    eligible_profiles_count,
    match_explanations,
)
from talent.models import ExpertProfile, Invitation
from talent.outcomes import invitations_with_outcome, outcome_counts
from talent.search import language_name
from talent.services.invitations import invitations_plan, invitations_send

PER_PAGE = 25
VIEW = ("talent.view_expertprofile", "talent.view_invitation")
INVITE = "talent.add_invitation"


def urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view
    return [
        path("call/", wrap(_view(model_admin, calls_page)), name="talent_matching_calls"),
        path(
            "call/<int:call_id>/match/",
            wrap(_view(model_admin, matching_page)),
            name="talent_matching",
        ),
        path(
            "call/<int:call_id>/invite/",
            wrap(require_POST(_view(model_admin, invite))),
            name="talent_matching_invite",
        ),
    ]


def _view(model_admin, function):
    def view(request, **kwargs):
        if not request.user.has_perms(VIEW):
            raise PermissionDenied
        return function(request, model_admin, **kwargs)

    view.__name__ = function.__name__
    return view


def _context(request, model_admin, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "opts": model_admin.opts,
        **extra,
    }


def _candidate_calls():
    return Call.objects.open().filter(kind=Call.Kind.CANDIDATES)


def calls_page(request, model_admin):
    """Open calls for candidates: how many profiles meet each, how many were invited (a few
    queries per open call, whatever the size of the pool)."""
    calls = list(
        _candidate_calls().annotate(invited=Count("invitations")).select_related("project")
    )
    for call in calls:
        call.eligible = eligible_profiles_count(call)
    return TemplateResponse(
        request,
        "admin/talent/matching_calls.html",
        _context(request, model_admin, title=_("Match calls to the talent pool"), calls=calls),
    )


def requirements_summary(call: Call) -> dict:
    req = call_requirements(call)
    hard, soft = [], []
    if req.countries:
        hard.append(
            _("Comes from %(countries)s") % {"countries": _(" or ").join(req.countries.values())}
        )
    if req.sectors:
        hard.append(_("Works in %(sectors)s") % {"sectors": _(" or ").join(req.sectors.values())})
    if req.min_years is not None:
        hard.append(
            ngettext(
                "At least %(n)s year of experience",
                "At least %(n)s years of experience",
                req.min_years,
            )
            % {"n": req.min_years}
        )
    for code, level in req.languages:
        hard.append(
            _("Speaks %(language)s, at least %(level)s")
            % {"language": language_name(code), "level": str(Level(level).label).lower()}
        )
    if req.skills:
        soft.append(_("Preferred skills: %(skills)s") % {"skills": ", ".join(req.skills.values())})
    if req.work_mode:
        mode = str(ExpertProfile.WorkMode(req.work_mode).label).lower()
        soft.append(_("Preferred way of working: %(mode)s") % {"mode": mode})
    soft.append(_("Available by the call’s closing date, not paused then"))
    if req.min_years is not None or req.languages:
        soft.append(_("More experience or better language levels than required"))
    return {"hard": hard, "soft": soft, "is_empty": req.is_empty}


def _profile_url_pattern() -> str | None:
    """The profile's admin page (the ExpertProfile admin), when it is installed."""
    try:
        return reverse("admin:talent_expertprofile_change", args=[0]).replace("/0/", "/{}/")
    except NoReverseMatch:
        return None


def matching_page(request, model_admin, call_id: int):
    call = get_object_or_404(Call.objects.select_related("project"), pk=call_id)
    tab = "invitations" if request.GET.get("tab") == "invitations" else "matches"
    near = request.GET.get("near") == "1"
    context = {
        "call": call,
        "tab": tab,
        "near": near,
        "requirements": requirements_summary(call),
        "is_open": call.accepts_applications,
        "can_invite": request.user.has_perm(INVITE) and call.accepts_applications,
        "title": _("Talent pool for: %(call)s") % {"call": call.title},
    }
    if tab == "invitations":
        invitations = list(invitations_with_outcome(call))
        context.update(
            invitations=invitations,
            counts=outcome_counts(invitations),
            statuses=ReviewStatus.choices,
        )
    else:
        page = Paginator(call_matches(call=call, near_misses=near), PER_PAGE).get_page(
            request.GET.get("page")
        )
        profiles = list(page.object_list)
        why = match_explanations(call=call, profiles=profiles)
        invited = {
            i.profile_id: i
            for i in Invitation.objects.filter(call=call, profile__in=[p.pk for p in profiles])
        }
        pattern = _profile_url_pattern()
        context["rows"] = [
            {
                "profile": p,
                "why": why[p.pk],
                "invitation": invited.get(p.pk),
                "url": pattern.format(p.pk) if pattern else "",
            }
            for p in profiles
        ]
        context.update(
            page=page, total=page.paginator.count, query=urlencode({"near": "1"} if near else {})
        )
    return TemplateResponse(
        request, "admin/talent/matching.html", _context(request, model_admin, **context)
    )


def invite(request, model_admin, call_id: int):
    """The chosen profiles: a confirmation page first, then (confirmed) the invitations."""
    if not request.user.has_perm(INVITE):
        raise PermissionDenied
    call = get_object_or_404(Call.objects.select_related("project"), pk=call_id)
    ids = [pk for pk in request.POST.getlist("profile") if pk.isdigit() and len(pk) < 10]
    back = reverse("admin:talent_matching", args=[call.pk])
    if not ids:
        messages.error(request, _("Choose at least one profile to invite."))
        return redirect(back)
    if request.POST.get("confirm") != "1":
        plan = invitations_plan(call=call, profile_ids=ids)
        return TemplateResponse(
            request,
            "admin/talent/invite_confirm.html",
            _context(
                request,
                model_admin,
                title=_("Invite to apply: %(call)s") % {"call": call.title},
                call=call,
                plan=plan,
                is_open=call.accepts_applications,
            ),
        )
    try:
        created = invitations_send(call=call, profiles=ids, user=request.user)
    except TalentError as error:
        messages.error(request, error.message)
        return redirect(back)
    skipped = len(ids) - len(created)
    messages.success(
        request,
        ngettext(
            "%(n)s invitation will be sent, in each member’s language.",
            "%(n)s invitations will be sent, in each member’s language.",
            len(created),
        )
        % {"n": len(created)}
        + (
            " "
            + ngettext(
                "%(n)s already invited was skipped.", "%(n)s already invited were skipped.", skipped
            )
            % {"n": skipped}
            if skipped
            else ""
        ),
    )
    return redirect(f"{back}?tab=invitations")
