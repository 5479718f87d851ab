"""What the dialogue app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from dialogue import demo, member, privacy
from portal.core.contract import Contributions, MemberSection

CONTRIBUTIONS = Contributions(
    urls="dialogue.urls",
    url_prefix=_("questions/"),
    personal_data=privacy.PERSONAL_DATA,
    member_sections=[MemberSection("dialogue/member/questions.html", member.section, order=40)],
    demo=demo.load,
)
