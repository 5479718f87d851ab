"""What the talent pool contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.contract import Contributions
from portal.core.roles import personal_data_grants
from talent import privacy, tasks
from talent.models import ExpertProfile, Invitation

CONTRIBUTIONS = Contributions(
    urls="talent.urls",
    url_prefix=_("talent-pool/"),
    personal_data=privacy.PERSONAL_DATA,
    role_grants=personal_data_grants(ExpertProfile, Invitation),
    periodic_tasks=[tasks.resume_invitations, tasks.recount_pool_targets],
)
