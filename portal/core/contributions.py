"""What the base layer itself contributes (the contract: portal/core/contract.py)."""

from portal.core import tasks
from portal.core.contract import Contributions
from portal.core.models import Page, PersonalDataRequest, SiteSettings, SocialLink
from portal.core.roles import content_grants, grants_merge, personal_data_grants

CONTRIBUTIONS = Contributions(
    periodic_tasks=[
        tasks.purge_expired_personal_data,
        tasks.prune_task_results,
        tasks.requeue_abandoned_tasks,
        tasks.publish_scheduled,
        tasks.sweep_orphaned_private_files,
    ],
    page_models=[SiteSettings, SocialLink, Page],
    role_grants=grants_merge(
        content_grants(Page, SiteSettings, SocialLink), personal_data_grants(PersonalDataRequest)
    ),
)
