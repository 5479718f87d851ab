"""What the members app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from members import privacy
from members.consents import consents_for
from portal.core.contract import Contributions, MemberSection


def consents_section(request, email: str) -> dict:
    return {"consents": consents_for(email)}


CONTRIBUTIONS = Contributions(
    urls="members.urls",
    url_prefix=_("my-space/"),
    personal_data=privacy.PERSONAL_DATA,
    # Last: what the member agreed to, across every app, just before "Your data".
    member_sections=[MemberSection("members/member/consents.html", consents_section, order=900)],
)
