"""What the dialogue app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.contract import Contributions

CONTRIBUTIONS = Contributions(
    urls="dialogue.urls",
    url_prefix=_("questions/"),
)
