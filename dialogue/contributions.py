"""What the dialogue app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from dialogue.models import BlockedTerm
from portal.core.contract import Contributions
from portal.core.roles import content_grants

CONTRIBUTIONS = Contributions(
    urls="dialogue.urls",
    url_prefix=_("questions/"),
    # Asking: the blocklist is public-content policy (editors write it, officers read it).
    role_grants=content_grants(BlockedTerm),
)
