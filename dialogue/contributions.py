"""What the dialogue app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from dialogue import demo, display, member, privacy
from dialogue.dashboard import moderation_queue
from dialogue.models import BlockedTerm, Question, Report
from portal.core.contract import CardTag, Contributions, ItemSection, MemberSection, Panel
from portal.core.roles import ALL, EDITORS, PROGRAMME_OFFICERS, grants_merge

QUESTION = Question._meta.label_lower
REPORT = Report._meta.label_lower
BLOCKED_TERM = BlockedTerm._meta.label_lower

CONTRIBUTIONS = Contributions(
    urls="dialogue.urls",
    url_prefix=_("questions/"),
    # The Q&A under projects, calls, events and articles, and their count on list cards.
    item_sections=[ItemSection("dialogue/section.html", display.item_section, order=100)],
    card_tags=[CardTag("dialogue/includes/card_tag.html", display.public_counts, order=100)],
    dashboard_panels=[Panel("dialogue/dashboard_panel.html", moderation_queue, Question)],
    role_grants=grants_merge(
        # Both roles moderate (the questions are public content); only programme officers
        # see the asker's address ("view_email" is the permission view_email_question).
        {
            EDITORS: {QUESTION: ["change", "view"], REPORT: ["view"], BLOCKED_TERM: ALL},
            PROGRAMME_OFFICERS: {
                QUESTION: ["change", "view", "view_email"],
                REPORT: ["view"],
                BLOCKED_TERM: ALL,
            },
        },
    ),
    personal_data=privacy.PERSONAL_DATA,
    member_sections=[MemberSection("dialogue/member/questions.html", member.section, order=40)],
    demo=demo.load,
)
