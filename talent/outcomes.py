"""What became of a call's invitations: sent or failed, opened, applied (an application to
the call from the invited address) and that application's status. Two queries."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from projects.models import Call
from registrations.models import Application, ReviewStatus
from talent.models import Invitation


def invitations_with_outcome(call: Call) -> QuerySet[Invitation]:
    """The call's invitations, each annotated with its application (`application_id`,
    `application_status`, `application_reference`: the latest, when several)."""
    applications = Application.objects.filter(
        call=OuterRef("call"), email__iexact=OuterRef("email")
    ).order_by("-created_at", "-pk")
    return (
        Invitation.objects.filter(call=call)
        .select_related("profile", "invited_by")
        .annotate(
            application_id=Subquery(applications.values("pk")[:1]),
            application_status=Subquery(applications.values("status")[:1]),
            application_reference=Subquery(applications.values("reference")[:1]),
        )
        .order_by("-created_at", "pk")
    )


@dataclass(frozen=True)
class OutcomeCounts:
    invited: int
    sent: int
    failed: int
    opened: int
    applied: int
    shortlisted: int  # shortlisted or selected
    selected: int


def outcome_counts(invitations: list[Invitation]) -> OutcomeCounts:
    """From the rows `invitations_with_outcome` read (no query)."""
    statuses = [i.application_status for i in invitations if i.application_id]
    return OutcomeCounts(
        invited=len(invitations),
        sent=sum(i.status == Invitation.Status.SENT for i in invitations),
        failed=sum(i.status in (Invitation.Status.FAILED, Invitation.Status.UNKNOWN)
                   for i in invitations),
        opened=sum(i.opened_at is not None for i in invitations),
        applied=len(statuses),
        shortlisted=sum(s in (ReviewStatus.SHORTLISTED, ReviewStatus.SELECTED) for s in statuses),
        selected=sum(s == ReviewStatus.SELECTED for s in statuses),
    )  # fmt: skip
