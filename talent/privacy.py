"""The talent pool's personal data, in the portal's one mechanism (portal/core/privacy.py),
declared in `contributions.py`. Invitations come first: erased with the address before the
profile, whose deletion would take them (cascade) with its countries, languages and summaries;
the registry removes the CV file. The countries, languages and summaries are registered too
(through the profile's address), so that an export lists them; the sectors and skills are
exported by name with the profile row."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.core.privacy import PersonalData
from talent.models import ExpertProfile, Invitation, ProfileCountry, ProfileLanguage, ProfileSummary
from talent.services import profile_delete
from talent.services.prefill import invitation_kept_cv_discard, profiles_kept_cv_discard

# A profile whose "still interested?" email could not go (the address bounces, the mail
# server is down) is kept this much longer at most, while the reminder is tried again.
UNSENT_GRACE_DAYS = 90


def unconfirmed_profiles(queryset, cutoff):
    """Not confirmed since `cutoff` (neither consented nor answered "still interested"),
    and asked long enough ago for the member to have answered: the question goes out
    TALENT_CONFIRM_EVERY_DAYS after the last confirmation, so the member has the rest of
    the retention period (395 − 365 = 30 days) to answer. Never purged before the question
    went out, unless it could not go for UNSENT_GRACE_DAYS more."""
    asked_before = cutoff + timedelta(days=settings.TALENT_CONFIRM_EVERY_DAYS)
    return queryset.filter(confirmed_at__lt=cutoff).filter(
        reminder_sent_at__lt=asked_before
    ) | queryset.filter(confirmed_at__lt=cutoff - timedelta(days=UNSENT_GRACE_DAYS))


def with_their_profile(queryset, cutoff):
    """Rows that go with their profile (cascade); none expires on its own."""
    return queryset.none()


def profile_export(profile: ExpertProfile) -> dict:
    return {
        "sectors": [str(sector) for sector in profile.sectors.all()],
        "skills": [str(skill) for skill in profile.skills.all()],
    }


def expert_profile_revoke(profile: ExpertProfile) -> None:
    """The member withdraws their consent from My space: the profile goes at once."""
    profile_delete(profile=profile)


def _child(model, what) -> PersonalData:
    return PersonalData(
        model=model,
        what=what,
        retention_setting="expert_profiles",
        expired=with_their_profile,
        email_field="profile__email",
        name_field="",
    )


PERSONAL_DATA = [
    PersonalData(
        model=Invitation,
        what=_(
            "Invitations to apply that programme officers sent you from the talent pool: "
            "the call, when, and whether the link was opened. Kept with your profile."
        ),
        retention_setting="expert_profiles",
        expired=with_their_profile,
        name_field="",
        before_remove=invitation_kept_cv_discard,  # the CV copy its form page kept
    ),
    _child(ProfileCountry, _("Your expert profile’s countries of origin and of residence.")),
    _child(ProfileLanguage, _("The languages of your expert profile, with your levels.")),
    _child(ProfileSummary, _("The summaries of your expert profile.")),
    PersonalData(
        model=ExpertProfile,
        what=_(
            "Expert profiles of the talent pool: your name, email address, countries, "
            "sectors, skills, languages, experience, qualification, availability, summary "
            "and CV, to propose you for future calls for cooperation. Kept for a year after "
            "you last confirmed it; each year we ask you whether to keep it."
        ),
        retention_setting="expert_profiles",
        expired=unconfirmed_profiles,
        exclude_from_export=("token", "search_text", "search_vector"),
        export_extra=profile_export,
        revoke=expert_profile_revoke,
        revoke_label=_("Delete my profile"),
        before_remove=profiles_kept_cv_discard,  # retention: the invitations go by cascade
    ),
]
