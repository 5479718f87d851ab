"""What the dialogue app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from dialogue import display
from portal.core.contract import CardTag, Contributions, ItemSection

CONTRIBUTIONS = Contributions(
    urls="dialogue.urls",
    url_prefix=_("questions/"),
    # The Q&A under projects, calls, events and articles, and their count on list cards.
    item_sections=[ItemSection("dialogue/section.html", display.item_section, order=100)],
    card_tags=[CardTag("dialogue/includes/card_tag.html", display.public_counts, order=100)],
)
