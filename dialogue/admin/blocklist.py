"""The words and phrases refused in questions (dialogue/forms.py matches them as whole
words, whatever the case and accents). Editors write the list; programme officers see it
(roles: dialogue/contributions.py)."""

from django.contrib import admin

from dialogue.models import BlockedTerm
from portal.core.admin import HistoryAdmin


@admin.register(BlockedTerm)
class BlockedTermAdmin(HistoryAdmin):
    list_display = ["term", "is_active", "note", "created_at"]
    list_filter = ["is_active"]
    list_editable = ["is_active"]
    search_fields = ["term", "note"]
    fields = ["term", "is_active", "note"]
