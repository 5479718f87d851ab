"""The admin index panel: new applications and interests per call (declared in
contributions.py, shown by portal/site/dashboard.py)."""

from django.db.models import Count, F, Q
from django.http import HttpRequest
from django.urls import reverse

from projects.models import Call
from registrations.models import Application, Interest, InterestStatus, ReviewStatus


def applications_per_call(request: HttpRequest) -> dict:
    """Per call with any: how many new (not yet reviewed) and how many in all. Only for
    staff who may see them (programme officers), never for editors."""
    user = request.user
    can_see = {
        model: user.has_perm(f"registrations.view_{model._meta.model_name}")
        for model in (Application, Interest)
    }
    if not any(can_see.values()):
        return {"rows": None}
    new = Q(status=ReviewStatus.NEW)
    calls = Call.objects.select_related("project").order_by(
        F("closes_at").asc(nulls_last=True), "pk"
    )
    if can_see[Application]:
        calls = calls.annotate(
            n_applications=Count("applications", distinct=True),
            n_new_applications=Count(
                "applications", filter=Q(applications__status=ReviewStatus.NEW), distinct=True
            ),
        )
    if can_see[Interest]:
        calls = calls.annotate(
            n_interests=Count("interests", distinct=True),
            n_new_interests=Count(
                "interests", filter=Q(interests__status=InterestStatus.NEW), distinct=True
            ),
        )
    changelists = {
        Call.Kind.CANDIDATES: reverse("admin:registrations_application_changelist"),
        Call.Kind.INVESTORS: reverse("admin:registrations_interest_changelist"),
    }
    rows = []
    for call in calls:
        total = getattr(call, "n_applications", 0) + getattr(call, "n_interests", 0)
        if not total:
            continue
        if call.kind == Call.Kind.CANDIDATES:
            # Applications are reviewed on their call's review page.
            url = reverse("admin:registrations_review_list", args=[call.pk])
        else:
            url = f"{changelists[call.kind]}?call__id__exact={call.pk}"
        rows.append(
            {
                "call": call,
                "new": getattr(call, "n_new_applications", 0) + getattr(call, "n_new_interests", 0),
                "total": total,
                "url": url,
            }
        )
    without_call = (
        Interest.objects.filter(call__isnull=True).aggregate(
            total=Count("pk"), new=Count("pk", filter=new)
        )
        if can_see[Interest]
        else {"total": 0, "new": 0}
    )
    return {"rows": rows, "without_call": without_call}
