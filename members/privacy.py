"""The members app's personal data, in the portal's one mechanism (portal/core/privacy.py),
declared in `contributions.py`."""

from django.utils.translation import gettext_lazy as _

from members.models import SignInLink
from portal.core.privacy import PersonalData


def sent_before(queryset, cutoff):
    return queryset.filter(created_at__lt=cutoff)


PERSONAL_DATA = [
    PersonalData(
        model=SignInLink,
        what=_(
            "Sign-in links to My space: the email address they were sent to and when, to let "
            "each link work once and to limit how many go to one address. Deleted after the "
            "period below."
        ),
        retention_setting="member_links",
        expired=sent_before,
        exclude_from_export=("secret_hash",),
    ),
]
