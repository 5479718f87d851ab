"""The talent pool's personal data, in the portal's one mechanism (portal/core/privacy.py),
declared in `contributions.py`. Invitations come first: erased with the address before the
profile, whose deletion would take them (cascade) with its countries, languages and summaries;
the registry removes the CV file."""

from django.utils.translation import gettext_lazy as _

from portal.core.privacy import PersonalData
from talent.models import ExpertProfile, Invitation


def unconfirmed_profiles(queryset, cutoff):
    """Not confirmed since `cutoff`: neither consented nor answered "still interested"."""
    return queryset.filter(confirmed_at__lt=cutoff)


def invitations_of_expired_profiles(queryset, cutoff):
    """Invitations go with their profile (cascade); none expires on its own."""
    return queryset.none()


PERSONAL_DATA = [
    PersonalData(
        model=Invitation,
        what=_(
            "Invitations to apply that programme officers sent you from the talent pool: "
            "the call, when, and whether the link was opened. Kept with your profile."
        ),
        retention_setting="expert_profiles",
        expired=invitations_of_expired_profiles,
        name_field="",
    ),
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
    ),
]
