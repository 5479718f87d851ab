"""One application on the review page: what it shows (the submission, eligibility, scores,
notes, status history) and what staff do there (add a note, assign a reviewer, score,
change the status after a confirmation that says who will be emailed)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.spoken_languages import LEVELS, language_choices
from projects.models import Call
from registrations import services
from registrations.admin.submissions import emailed_message
from registrations.exceptions import ReviewError
from registrations.models import SCORE_LABELS, SCORE_MAX, Application, ReviewScore, ReviewStatus
from registrations.services import review


def calls_with_counts():
    return (
        Call.objects.filter(kind=Call.Kind.CANDIDATES)
        .select_related("project")
        .annotate(count=Count("applications"))
        .order_by("-opens_at", "pk")
    )


def languages_text(application: Application) -> str:
    """ "Français – courant (aisance), …": a dash, as the levels' own labels may hold
    parentheses."""
    names = dict(language_choices())
    levels = dict(LEVELS)
    parts = []
    for item in application.languages or []:
        code, level = item.get("language"), item.get("level")
        # Django's language names are marked for translation, not translated.
        name = str(_(str(names.get(code, code))))
        level = str(levels.get(level, level or ""))
        parts.append(f"{name} – {level[:1].lower()}{level[1:]}" if level else name)
    return ", ".join(parts)


@dataclass
class Row:
    application: Application
    eligibility: review.Eligibility
    languages: str
    reviewer: str


def row(application: Application) -> Row:
    assignment = getattr(application, "assignment", None)
    reviewer = ""
    if assignment is not None:
        reviewer = assignment.reviewer.get_full_name() or assignment.reviewer.get_username()
    return Row(application, review.eligibility(application), languages_text(application), reviewer)


@dataclass
class StatusStep:
    date: object
    label: str
    by: str


def status_history(application: Application) -> list[StatusStep]:
    """Each change of status, oldest first, with who made it (staff, or the person's own
    withdrawal) in the staff member's language and time zone (the template localises)."""
    steps: list[StatusStep] = []
    last = None
    rows = application.history.order_by("history_date", "history_id").select_related("history_user")
    for version in rows:
        if version.status == last:
            continue
        last = version.status
        user = version.history_user
        by = (user.get_full_name() or user.get_username()) if user else _("the applicant")
        steps.append(StatusStep(version.history_date, application.get_status_label(last), by))
    return steps


@dataclass
class CriterionScores:
    index: int
    text: str
    mine: ReviewScore | None
    average: float | None
    others: list[ReviewScore]


def context(request, application: Application) -> dict:
    criteria = application.call.eligibility_criteria
    scores = list(application.scores.select_related("reviewer"))
    overall, per_criterion = review.score_averages(application)
    scoring = [
        CriterionScores(
            index,
            text,
            next(
                (s for s in scores if s.criterion == index and s.reviewer_id == request.user.pk),
                None,
            ),
            per_criterion.get(index),
            [s for s in scores if s.criterion == index and s.reviewer_id != request.user.pk],
        )
        for index, text in enumerate(criteria)
    ]
    assignment = getattr(application, "assignment", None)
    extension = application.cv.name.rsplit(".", 1)[-1].lower() if application.cv else ""
    return {
        "eligibility": review.eligibility(application),
        "answers": review.answers_shown(application),
        "languages": languages_text(application),
        "notes": application.notes.select_related("author"),
        "history": status_history(application),
        "scoring": scoring,
        "score_choices": sorted(SCORE_LABELS.items()),
        "score_max": SCORE_MAX,
        "average": overall,
        "reviewers": review.reviewers(),
        "assignment": assignment,
        "statuses": [s for s in ReviewStatus if s != ReviewStatus.WITHDRAWN],
        "cv_is_pdf": extension == "pdf",
        "cv_extension": extension.upper(),
    }


def act(model_admin, request, application: Application, here: str):
    """Do what the POSTed form asks; a response (the status confirmation) or None (then
    the caller redirects back to the application)."""
    action = request.POST.get("do")
    try:
        if action == "note":
            text = request.POST.get("text", "").strip()
            if text:
                services.note_add(submission=application, author=request.user, text=text)
                messages.success(request, _("The note was added."))
            else:
                messages.error(request, _("Write the note first."))
        elif action == "assign":
            _assign(request, application)
        elif action == "score":
            _score(request, application)
        elif action == "status":
            return _status(model_admin, request, application, here)
    except ReviewError as refusal:
        messages.error(request, refusal.message)
    return None


def _assign(request, application: Application) -> None:
    chosen = request.POST.get("reviewer", "")
    if not chosen:
        services.reviewer_assign(application=application, reviewer=None, assigned_by=request.user)
        messages.success(request, _("The application has no reviewer now."))
        return
    known = chosen.isdigit() and len(chosen) < 10
    reviewer = get_user_model().objects.filter(pk=chosen).first() if known else None
    if reviewer is None:
        raise ReviewError(ReviewError.not_a_reviewer)
    services.reviewer_assign(application=application, reviewer=reviewer, assigned_by=request.user)
    messages.success(
        request,
        _("%(name)s reviews this application.")
        % {"name": reviewer.get_full_name() or reviewer.get_username()},
    )


def _score(request, application: Application) -> None:
    saved = 0
    for index in range(len(application.call.eligibility_criteria)):
        value = request.POST.get(f"score_{index}", "")
        if not value.isdigit():
            continue
        services.score_set(
            application=application,
            reviewer=request.user,
            criterion=index,
            score=int(value),
            comment=request.POST.get(f"comment_{index}", "")[:2000],
        )
        saved += 1
    if saved:
        messages.success(
            request,
            ngettext("%(count)d score saved.", "%(count)d scores saved.", saved) % {"count": saved},
        )
    else:
        messages.error(request, _("Choose a score for at least one criterion."))


def _status(model_admin, request, application: Application, here: str):
    status = request.POST.get("status", "")
    if status not in ReviewStatus.values or status == ReviewStatus.WITHDRAWN:
        raise ReviewError(_("Choose one of the statuses."))
    label = application.get_status_label(status)
    submissions = Application.objects.filter(pk=application.pk)
    emailed = services.submissions_to_notify(submissions=submissions, status=status)
    # Asked first only when someone will be emailed: a change nobody hears of is undone as
    # easily as it is made.
    if emailed and request.POST.get("confirmed") != "yes":
        return TemplateResponse(
            request,
            "admin/registrations/review_status_confirmation.html",
            {
                **model_admin.admin_site.each_context(request),
                "is_nav_sidebar_enabled": False,
                "opts": model_admin.opts,
                "title": _("Set status: %(status)s") % {"status": label},
                "application": application,
                "call": application.call,
                "status": status,
                "status_label": label,
                "emailed": emailed,
                "back": here,
            },
        )
    changed = services.submissions_set_status(submissions=submissions, status=status)
    if not changed:
        messages.warning(request, _("The status was not changed."))
        return None
    messages.success(request, _("Status set to “%(status)s”.") % {"status": label})
    messages.info(request, emailed_message(emailed))
    return None
