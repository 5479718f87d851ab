"""Invitations to apply: a programme officer chooses profiles matched to a call; each gets
one email in their language (one delivery row per call and profile, sent exactly once by
portal.core.mailing, like session messages and alerts) whose link opens the call's form
filled in from the profile."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from portal.core import mailing
from projects.models import Call
from talent.emails import invitation_email
from talent.exceptions import CallNotOpen, NobodyToInvite, NotInvitable
from talent.models import ExpertProfile, Invitation
from talent.signals import invitations_sending_requested


@dataclass
class InvitationPlan:
    """What inviting `profiles` to a call would do: who gets an email (per language),
    who is skipped (already invited) and who cannot be invited (paused, unconfirmed)."""

    to_invite: list[ExpertProfile] = field(default_factory=list)
    already_invited: list[ExpertProfile] = field(default_factory=list)
    not_invitable: list[ExpertProfile] = field(default_factory=list)

    @property
    def by_language(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for profile in self.to_invite:
            counts[profile.language] = counts.get(profile.language, 0) + 1
        return counts


def _is_invitable(profile: ExpertProfile, today) -> bool:
    unanswered = profile.reminder_sent_at is not None and (
        profile.reminder_sent_at > profile.confirmed_at
    )
    return not profile.is_paused(today) and not unanswered


def invitations_plan(*, call: Call, profile_ids) -> InvitationPlan:
    """Two queries, whatever the number of profiles."""
    ids = {int(pk) for pk in profile_ids}
    invited = set(
        Invitation.objects.filter(call=call, profile_id__in=ids).values_list(
            "profile_id", flat=True
        )
    )
    today = timezone.localdate()
    plan = InvitationPlan()
    for profile in ExpertProfile.objects.filter(pk__in=ids).order_by("name", "pk"):
        if profile.pk in invited:
            plan.already_invited.append(profile)
        elif not _is_invitable(profile, today):
            plan.not_invitable.append(profile)
        else:
            plan.to_invite.append(profile)
    return plan


def invitations_send(*, call: Call, profiles, user) -> list[Invitation]:
    """Invite `profiles` (profiles or their ids) to apply to `call`: one Invitation each,
    emailed after the commit. Profiles already invited to this call are skipped; a call
    that takes no applications now (CallNotOpen) or a paused or unconfirmed profile among
    them (NotInvitable) refuses the whole send. Returns the invitations created."""
    ids = [getattr(profile, "pk", profile) for profile in profiles]
    if not ids:
        raise NobodyToInvite
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        # Published, of a published project, inside its window: what the link's form needs.
        if not call.accepts_applications:
            raise CallNotOpen
        plan = invitations_plan(call=call, profile_ids=ids)
        if plan.not_invitable:
            raise NotInvitable([profile.name for profile in plan.not_invitable])
        rows = [
            Invitation(
                call=call,
                profile=profile,
                email=profile.email,
                language=profile.language,
                invited_by=user,
            )
            for profile in plan.to_invite
        ]
        # A second officer's send of the same profiles at the same moment: the unique
        # constraint keeps one invitation each, the call's row lock orders the two.
        Invitation.objects.bulk_create(rows, ignore_conflicts=True)
        created = list(
            Invitation.objects.filter(
                call=call, profile__in=plan.to_invite, invited_by=user, status="pending"
            )
        )
        if created:
            _request_sending(call.pk)
    return created


def _request_sending(call_id: int, run_after=None) -> None:
    transaction.on_commit(
        lambda: invitations_sending_requested.send(Invitation, call_id=call_id, run_after=run_after)
    )


class InvitationMailing(mailing.Mailing):
    """A call's pending invitations, each in its member's language."""

    model = Invitation
    related = ("call__project", "profile")

    def __init__(self, call_id: int):
        self.call_id = call_id

    def rows(self) -> QuerySet:
        return Invitation.objects.filter(call_id=self.call_id)

    def message(self, delivery: Invitation, connection):
        return invitation_email(delivery, connection=connection)

    def requeue(self, run_after=None) -> None:
        _request_sending(self.call_id, run_after=run_after)

    def __str__(self) -> str:
        return f"invitations to call {self.call_id}"


def invitations_deliver(*, call_id: int, batch_size: int | None = None) -> dict:
    """Send a call's due invitations, each exactly once (portal.core.mailing)."""
    return mailing.send_due(InvitationMailing(call_id), batch_size=batch_size)


def invitations_recover() -> int:
    """Periodic: invitations of a dead worker and retries that are due."""

    def requeue(due) -> int:
        ids = list(due.values_list("call_id", flat=True).distinct())
        for call_id in ids:
            _request_sending(call_id)
        return len(ids)

    return mailing.recover_stale(Invitation, requeue, group_by="call_id")


def invitation_open(*, invitation: Invitation) -> Invitation:
    """The member followed the link: the first time is recorded."""
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )
        invitation.refresh_from_db(fields=["opened_at"])
    return invitation
