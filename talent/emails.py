"""The talent pool's emails to members, each in the member's language."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core.datetimes import format_with_zone
from portal.core.emails import email_message
from portal.core.links import absolute_url
from portal.core.models import SiteSettings
from talent.matching import call_matches
from talent.models import ExpertProfile, Invitation
from talent.tokens import make_token


def still_interested_message(profile: ExpertProfile) -> EmailMultiAlternatives:
    """The yearly question: keep the profile (one click to a page, then a button) or
    delete it (My space, after signing in)."""
    with translation.override(profile.language):
        context = {
            "site": SiteSettings.load(),
            "profile": profile,
            "confirm_url": absolute_url(
                reverse("talent:still-interested", kwargs={"token": make_token(profile)})
            ),
            "delete_url": absolute_url(reverse("talent:profile-delete")),
            "today": timezone.localdate(),
        }
        return email_message(
            "talent/email/still_interested",
            context,
            subject=_("Should we keep your expert profile?"),
            to=[profile.email],
            language=profile.language,
        )


def invitation_url(invitation: Invitation) -> str:
    with translation.override(invitation.language):
        return absolute_url(reverse("talent:invitation", kwargs={"token": invitation.token}))


def invitation_reasons(invitation: Invitation) -> tuple[list[str], list[str]]:
    """The member's sectors and skills the call asks for (their sectors when it names none),
    in the active language: why they are invited."""
    call, profile = invitation.call, invitation.profile
    wanted_sectors = set(call.match_sectors.values_list("pk", flat=True))
    sectors = [
        s.name for s in profile.sectors.all() if not wanted_sectors or s.pk in wanted_sectors
    ]
    skills = [s.name for s in profile.skills.filter(pk__in=call.match_skills.values("pk"))]
    return sectors, skills


def meets_every_requirement(invitation: Invitation) -> bool:
    """Whether the profile meets every hard requirement of the call now (one query): a
    near miss is invited too, and told the call "may interest" them, not that it matches."""
    return call_matches(call=invitation.call).filter(pk=invitation.profile_id).exists()


def invitation_email(invitation: Invitation, connection=None) -> EmailMultiAlternatives:
    """An invitation to apply to a call, with the personal link to the prefilled form and
    the way to update or pause the profile (My space)."""
    call = invitation.call
    with translation.override(invitation.language):
        sectors, skills = invitation_reasons(invitation)
        subject = _("Invitation to apply: %(call)s") % {"call": call.title}
        context = {
            "site": SiteSettings.load(),
            "invitation": invitation,
            "call": call,
            "name": invitation.profile.name,
            "sectors": ", ".join(sectors),
            "skills": ", ".join(skills),
            "closes": format_with_zone(call.closes_at) if call.closes_at else "",
            "url": invitation_url(invitation),
            "call_url": absolute_url(call.get_absolute_url()),
            "space_url": absolute_url(reverse("members:space") + "#expert-profile"),
            "matches": meets_every_requirement(invitation),
            "subject": subject,
        }
        return email_message(
            "talent/email/invitation",
            context,
            subject=subject,
            to=[invitation.email],
            language=invitation.language,
            connection=connection,
        )
