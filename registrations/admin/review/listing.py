"""The review list of one call: its filters (read from the query string, carried to each
application and back), and the rows with what a reviewer needs to see at a glance."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Avg, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from projects.models import Call
from registrations.models import Application, ReviewStatus
from registrations.services import review

SEARCH_FIELDS = ("reference", "name", "email", "profession")


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class ListFilter:
    """One select of the filter bar: the query-string key, its label and its choices."""

    key: str
    label: str
    choices: list[Choice]
    value: str


def criterion_key(index: int) -> str:
    return f"c{index}"


def filter_keys(call: Call) -> list[str]:
    keys = ["status", "reviewer", "origin", "residence", "q"]
    return keys + [criterion_key(i) for i in range(len(call.eligibility_criteria))]


def carried(call: Call, params) -> dict[str, str]:
    """The filters in `params` that this call's list knows, without the empty ones."""
    return {key: params[key] for key in filter_keys(call) if params.get(key, "").strip()}


def query_string(filters: dict[str, str]) -> str:
    return f"?{urlencode(filters)}" if filters else ""


def applications(call: Call, filters: dict[str, str]):
    """The call's applications that pass `filters`, in the list's order, with what the
    rows show (duplicate flag, average score, reviewer)."""
    same = Application.objects.filter(call=OuterRef("call"), email=OuterRef("email"))
    queryset = (
        Application.objects.filter(call=call)
        .select_related("call", "assignment__reviewer")
        .annotate(
            has_duplicate=Exists(same.exclude(pk=OuterRef("pk"))),
            average=Avg("scores__score"),
        )
        .order_by("-created_at", "pk")
    )
    if status := filters.get("status"):
        queryset = queryset.filter(status=status)
    if reviewer := filters.get("reviewer"):
        if reviewer == "none":
            queryset = queryset.filter(assignment__isnull=True)
        elif reviewer.isdigit() and len(reviewer) < 10:
            queryset = queryset.filter(assignment__reviewer_id=int(reviewer))
    if origin := filters.get("origin"):
        queryset = queryset.filter(country_of_origin=origin)
    if residence := filters.get("residence"):
        queryset = queryset.filter(country_of_residence=residence)
    for index in range(len(call.eligibility_criteria)):
        answer = filters.get(criterion_key(index))
        if answer in ("yes", "no"):
            queryset = review.eligibility_answer_filter(queryset, call, index, answer == "yes")
    if term := filters.get("q", "").strip():
        queryset = queryset.filter(
            Q(*(Q(**{f"{name}__icontains": term}) for name in SEARCH_FIELDS), _connector=Q.OR)
        )
    return queryset


def _countries_present(call: Call, field: str) -> list[Choice]:
    """Only the countries found in this call's applications (never the whole world)."""
    codes = (
        Application.objects.filter(call=call).order_by().values_list(field, flat=True).distinct()
    )
    choices = [Choice(str(code), countries.name(code)) for code in codes if code]
    return sorted(choices, key=lambda choice: choice.label)


def list_filters(call: Call, filters: dict[str, str]) -> list[ListFilter]:
    every = Choice("", pgettext("review filter", "All"))
    yes_no = [every, Choice("yes", _("Yes")), Choice("no", _("No"))]
    reviewer_choices = [every, Choice("none", _("Nobody yet"))] + [
        Choice(str(user.pk), user.get_full_name() or user.get_username())
        for user in review.reviewers()
    ]
    result = [
        ListFilter("status", _("Status"),
                   [every, *(Choice(s.value, s.label) for s in ReviewStatus)], ""),
        ListFilter("reviewer", _("Reviewer"), reviewer_choices, ""),
        ListFilter("origin", _("Country of origin"),
                   [every, *_countries_present(call, "country_of_origin")], ""),
        ListFilter("residence", _("Country of residence"),
                   [every, *_countries_present(call, "country_of_residence")], ""),
    ]  # fmt: skip
    for index, criterion in enumerate(call.eligibility_criteria):
        result.append(ListFilter(criterion_key(index), criterion, yes_no, ""))
    for item in result:
        item.value = filters.get(item.key, "")
    return result
