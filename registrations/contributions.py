"""What the registrations app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from portal.core.contract import Contributions, MemberSection, Panel
from portal.core.roles import PROGRAMME_OFFICERS, grants_merge, personal_data_grants
from registrations import member_registrations, member_submissions, privacy, tasks
from registrations.dashboard import applications_per_call
from registrations.models import (
    Application,
    Interest,
    Note,
    Registration,
    SessionMessage,
    StatusMessage,
)

CONTRIBUTIONS = Contributions(
    urls="registrations.urls",
    url_prefix=_("registrations/"),
    personal_data=privacy.PERSONAL_DATA,
    # Its own check: editors see that only programme officers see applications.
    dashboard_panels=[Panel("registrations/dashboard_panel.html", applications_per_call)],
    periodic_tasks=[tasks.expire_offers, tasks.send_reminders, tasks.resume_session_messages],
    member_sections=[
        MemberSection(
            "registrations/member/registrations.html",
            member_registrations.section_context,
            order=20,
        ),
        MemberSection("registrations/member/submissions.html", member_submissions.section, 30),
    ],
    role_grants=grants_merge(
        personal_data_grants(Registration, Application, Interest, Note),
        # Officers review applications; they neither add nor delete them.
        {PROGRAMME_OFFICERS: {Application._meta.label_lower: ["change", "view", "download_cv"]}},
        # Officers write what applicants are told of their status; editors never see it.
        {PROGRAMME_OFFICERS: {StatusMessage._meta.label_lower: ["add", "change", "view"]}},
        # Officers write to a session's people; a sent message is a record, never changed.
        {PROGRAMME_OFFICERS: {SessionMessage._meta.label_lower: ["add", "view"]}},
    ),
)
