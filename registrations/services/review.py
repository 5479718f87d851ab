"""Staff's review of the applications to a call: who reviews which, scores against the
call's criteria, and the reads the review pages share (eligibility, averages, reviewers)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Avg, Q
from django.db.models.fields.json import KeyTransform

from portal.core.roles import PROGRAMME_OFFICERS
from projects.models import Call
from registrations.exceptions import ReviewError
from registrations.models import (
    SCORE_MAX,
    SCORE_MIN,
    Application,
    ReviewAssignment,
    ReviewScore,
)


def call_criteria_by_language(call: Call) -> dict[str, list[str]]:
    """{language: [criterion, ...]}: the call's eligibility criteria as written in each
    language (an applicant's answers are keyed by the text they read)."""
    return {code: call.eligibility_criteria_in(code) for code, _name in settings.LANGUAGES}


def answers_shown(application: Application) -> list[tuple[str, bool]]:
    """The applicant's answers, each with its criterion as the call words it in the active
    language (answers are keyed by the text the applicant read, in either language: the
    criterion's position in the call finds it); the stored text when the call has no
    such criterion any more."""
    by_language = call_criteria_by_language(application.call)
    positions: dict[str, int] = {}
    for criteria in by_language.values():
        for index, text in enumerate(criteria):
            positions.setdefault(text, index)
    current = application.call.eligibility_criteria  # the active language, or the fallback
    shown = []
    for text, answer in (application.eligibility_answers or {}).items():
        index = positions.get(text)
        criterion = current[index] if index is not None and index < len(current) else text
        shown.append((criterion, bool(answer)))
    return shown


@dataclass
class Eligibility:
    """An application's answers to its call's criteria: yes, total, and the "no" ones."""

    yes: int = 0
    total: int = 0
    refused: list[str] = field(default_factory=list)

    @property
    def all_yes(self) -> bool:
        return self.total > 0 and self.yes == self.total


def eligibility(application: Application) -> Eligibility:
    """Counted from the answers the applicant gave (whatever the call says now); the "no"
    ones named in the active language."""
    answers = answers_shown(application)
    result = Eligibility(total=len(answers))
    for criterion, answer in answers:
        if answer:
            result.yes += 1
        else:
            result.refused.append(criterion)
    return result


def eligibility_answer_filter(queryset, call: Call, index: int, answer: bool):
    """The applications of `queryset` that answered `answer` to the call's criterion number
    `index`, in whichever language they read it."""
    query = Q(pk__in=[])
    for code, criteria in call_criteria_by_language(call).items():
        if index < len(criteria):
            # An alias, not a lookup string: a criterion may hold "__" or quotes.
            name = f"eligibility_{index}_{code.replace('-', '_')}"
            queryset = queryset.alias(
                **{name: KeyTransform(criteria[index], "eligibility_answers")}
            )
            query |= Q(**{name: answer})
    return queryset.filter(query)


def reviewers():
    """The staff who may review applications: active programme officers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=PROGRAMME_OFFICERS)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def reviewer_assign(*, application: Application, reviewer, assigned_by) -> ReviewAssignment | None:
    """Make `reviewer` (a programme officer) the application's reviewer; None removes the
    assignment. Refused (ReviewError) for anyone else."""
    with transaction.atomic():
        if reviewer is None:
            for assignment in ReviewAssignment.objects.filter(application=application):
                assignment.delete()  # one by one: the history records who it was
            return None
        if not reviewers().filter(pk=reviewer.pk).exists():
            raise ReviewError(ReviewError.not_a_reviewer)
        assignment, _created = ReviewAssignment.objects.update_or_create(
            application=application,
            defaults={"reviewer": reviewer, "assigned_by": assigned_by},
        )
    return assignment


def score_set(
    *, application: Application, reviewer, criterion: int, score: int, comment: str = ""
) -> ReviewScore:
    """`reviewer`'s score of `application` against criterion number `criterion` of its
    call (SCORE_MIN to SCORE_MAX), replacing their earlier one for that criterion."""
    criteria = application.call.eligibility_criteria
    if not 0 <= criterion < len(criteria):
        raise ReviewError(ReviewError.no_such_criterion)
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise ReviewError(ReviewError.off_scale % {"min": SCORE_MIN, "max": SCORE_MAX})
    with transaction.atomic():
        scored, _created = ReviewScore.objects.update_or_create(
            application=application,
            reviewer=reviewer,
            criterion=criterion,
            defaults={
                "score": score,
                "comment": comment.strip(),
                "criterion_text": criteria[criterion][:500],
            },
        )
    return scored


def score_averages(application: Application) -> tuple[float | None, dict[int, float]]:
    """The average of every score given to `application`, and the average per criterion."""
    scores = ReviewScore.objects.filter(application=application)
    overall = scores.aggregate(average=Avg("score"))["average"]
    per_criterion = dict(
        scores.values("criterion")
        .annotate(average=Avg("score"))
        .values_list("criterion", "average")
    )
    return overall, per_criterion


def neighbours(pks: list[int], pk: int) -> tuple[int | None, int | None]:
    """The previous and next keys around `pk` in `pks` (the review list's order)."""
    try:
        position = pks.index(pk)
    except ValueError:
        return None, None
    previous = pks[position - 1] if position > 0 else None
    following = pks[position + 1] if position + 1 < len(pks) else None
    return previous, following
