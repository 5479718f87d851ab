"""The history pages of the admin, read in the staff member's language.

simple-history shows each change as the raw stored values ("None", "draft → scheduled",
"2027-06-10 17:00:00+00:00", "<p>…</p>"); here a change reads as the change form would show
it: a choice by its label, yes or no, a date on the office's clock, text without its tags,
"–" for nothing.
"""

import dataclasses
from datetime import date, datetime

from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay

from portal.core.i18n import translated_fields

EMPTY = "–"


def readable_value(field, value):
    """`value` of model field `field` as staff read it, in the active language."""
    if value is None or value == "":
        return EMPTY
    choices = getattr(field, "flatchoices", None)
    if choices:
        labels = {str(key): label for key, label in choices}
        if isinstance(value, str) and "," in value and value not in labels:
            return ", ".join(str(labels.get(part, part)) for part in value.split(","))
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, str) and "<" in value:
        return strip_tags(value).strip() or EMPTY
    return value


class ReadableDiffDisplay(ObjDiffDisplay):
    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        skipped = ngettext("%(count)d character", "%(count)d characters", num_skipped_chars) % {
            "count": num_skipped_chars
        }
        return f"{prefix}[…{skipped}…]{suffix}"


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        """The changes, without a translated field's language-less column: it holds the
        value in the language the staff member saved in ("Info session" saved from the
        French admin reads "Séance"), so it would show changes nobody made; the
        per-language columns (title_en, title_fr) say what changed."""
        untracked = set(translated_fields(self.model))
        kept = [change for change in delta.changes if change.field not in untracked]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=kept))

    def get_obj_diff_display(self) -> ObjDiffDisplay:
        return ReadableDiffDisplay(max_length=self.max_displayed_delta_change_chars)

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, list):
            return value
        return readable_value(self.model._meta.get_field(change.field), value)


class HistoryAdmin(SimpleHistoryAdmin):
    """The history button shows every version, who saved it, and lets staff revert."""

    object_history_list_template = "admin/portal/object_history_list.html"

    # simple-history's own "Changes" column lists what each version changed. Its header
    # has no French in simple-history 3.13: this keeps the string in our catalogue.
    _untranslated_upstream = (_("Changes"),)

    def history_view(self, request, object_id, extra_context=None):
        """The versions, and the admin log's other entries for the object (a CV downloaded),
        whose messages are stored in English and read in the staff member's language."""
        log = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=str(unquote(object_id)),
            )
            .exclude(change_message__startswith="[")  # Django's own: the versions say it
            .exclude(change_message="")
            .select_related("user")
            .order_by("-action_time")[:100]
        )
        return super().history_view(request, object_id, {**(extra_context or {}), "log": log})

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)
