"""What the members app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.contract import Contributions

CONTRIBUTIONS = Contributions(
    urls="members.urls",
    url_prefix=_("my-space/"),
)
