"""What the talent pool contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.contract import Contributions, ItemSection, MemberSection, Panel
from portal.core.roles import ALL, PROGRAMME_OFFICERS, grants_merge, personal_data_grants
from talent import member, privacy, tasks
from talent.dashboard import pool_panel
from talent.models import ExpertProfile, Invitation

CONTRIBUTIONS = Contributions(
    urls="talent.urls",
    url_prefix=_("talent-pool/"),
    personal_data=privacy.PERSONAL_DATA,
    role_grants=grants_merge(
        personal_data_grants(ExpertProfile, Invitation),
        # Officers search the pool; exporting it is granted per user (talent.export_profiles).
        {PROGRAMME_OFFICERS: {ExpertProfile._meta.label_lower: [*ALL, "search_pool"]}},
    ),
    dashboard_panels=[Panel("talent/dashboard_panel.html", pool_panel, ExpertProfile)],
    member_sections=[MemberSection("talent/member/profile.html", member.section, order=30)],
    item_sections=[ItemSection("talent/item/from_application.html", member.from_application)],
    periodic_tasks=[
        tasks.send_still_interested_reminders,
        tasks.resume_invitations,
        tasks.recount_pool_targets,
    ],
)
