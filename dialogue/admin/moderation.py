"""The moderation queue: the question list opens on what waits for a decision (oldest
first), and each question's page offers the decisions (admin/decisions.py) and the edit of
its text and translations (the tabs of every translated admin).

Editors and programme officers both moderate (questions are public content), but the
asker's email address is personal data: only staff with the permission
"dialogue.view_email_question" (programme officers, contributions.py) see it or search by it.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dialogue.admin.decisions import DecisionViews, may_see_email
from dialogue.exceptions import DialogueError
from dialogue.models import ITEM_FIELDS, Question, Report
from dialogue.services import moderation
from portal.core.admin import TranslatedAdmin
from portal.core.i18n import localized_fields


class QueueFilter(admin.SimpleListFilter):
    """Status, where the default ("no filter") is the moderation queue, not every question."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("all", _("All questions")), *Question.Status.choices]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Moderation queue"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.waiting()
        if value in Question.Status.values:
            return queryset.filter(status=value)
        return queryset


class ItemFilter(admin.SimpleListFilter):
    title = _("item")
    parameter_name = "item"

    def lookups(self, request, model_admin):
        return [
            (name, Question._meta.get_field(name).verbose_name.capitalize()) for name in ITEM_FIELDS
        ]

    def queryset(self, request, queryset):
        if self.value() in ITEM_FIELDS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class YesNoFilter(admin.SimpleListFilter):
    condition: Q

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.condition)
        if self.value() == "no":
            return queryset.exclude(self.condition)
        return queryset


class ReportedFilter(YesNoFilter):
    title = _("reports waiting")
    parameter_name = "reported"
    condition = Q(report_count__gt=0)


class AnsweredFilter(YesNoFilter):
    title = _("answer")
    parameter_name = "answered"
    condition = Q(answered_at__isnull=False)


class FaqFilter(admin.BooleanFieldListFilter):
    """The FAQ field's yes/no, under a noun title ("By FAQ", not "By in the FAQ")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("FAQ")


class ReportInline(admin.StackedInline):
    """What visitors reported, to read (reports come from the public page)."""

    model = Report
    extra = 0
    fields = ["created_at", "reason", "note", "handled_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Question)
class QuestionAdmin(DecisionViews, TranslatedAdmin):
    change_form_template = "admin/dialogue/question/change_form.html"
    list_display = [
        "excerpt", "item_shown", "language_code", "kind", "age", "report_count",
    ]  # fmt: skip
    list_display_links = ["excerpt"]
    list_filter = [
        QueueFilter, ItemFilter, "kind", ReportedFilter, AnsweredFilter,
        ("is_faq", FaqFilter), "language",
    ]  # fmt: skip
    # Every item kind in the one query, so the list costs the same for 1 or 100 rows.
    list_select_related = list(ITEM_FIELDS)
    ordering = ["created_at", "pk"]  # the oldest waiting first
    list_per_page = 50
    actions = ["approve_selected"]
    inlines = [ReportInline]

    class Media:
        css = {"all": ["dialogue/admin/moderation.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*ITEM_FIELDS)

    def has_add_permission(self, request) -> bool:
        return False  # questions come from the public form

    def view_on_site(self, obj: Question) -> str | None:
        # Only a published question has a page; any other would be a 404.
        return obj.get_absolute_url() if obj.is_public else None

    def get_search_fields(self, request):
        fields = [*localized_fields("text", "answer"), "display_name"]
        return [*fields, "email"] if may_see_email(request) else fields

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # Django allows filtering the changelist on the model's own fields from the query
        # string (?email__startswith=a): for staff who may not see the address, any lookup
        # through an "email" field would reveal it one letter at a time (400 instead).
        if "email" in lookup.split(LOOKUP_SEP) and (request is None or not may_see_email(request)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fieldsets(self, request, obj=None):
        asker = ["item_link", "kind", "status", "language", "display_name"]
        if may_see_email(request):
            asker.append("email")
        asker += ["created_at", *localized_fields("text")]
        fieldsets = [(None, {"fields": asker})]
        if obj is not None and obj.is_answered:
            fieldsets.append(
                (
                    _("Official answer"),
                    {
                        "fields": [
                            "answered_by",
                            "answer_language",
                            "answered_at",
                            *localized_fields("answer"),
                        ]
                    },
                )
            )
        fieldsets.append(
            (
                _("Decision"),
                {
                    "fields": [
                        *("decided_at", "reject_reason", "merged_into", "is_faq"),
                        *("faq_position", "report_count", "reported_at"),
                    ]
                },
            )
        )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Decisions go through their own pages (admin/decisions.py) and services; the form
        # edits only the words: the question, its translations, the answer's, the name.
        return [
            "item_link", "kind", "status", "language", "email", "created_at", "decided_at",
            "reject_reason", "merged_into", "is_faq", "faq_position", "report_count",
            "reported_at", "answered_by", "answer_language", "answered_at",
        ]  # fmt: skip

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        # A question is written in one language and translated only when staff choose: the
        # "translation status" of content (a language missing) does not apply.
        response.context_data.pop("translation_summary", None)
        return response

    def save_model(self, request, obj, form, change):
        moderation.question_edit(question=obj, fields=form.changed_data)

    # The history is read-only here: a question changes through its decisions, and a staff
    # edit of its text redacts the earlier versions too (services/moderation.question_edit),
    # so "revert" could neither bring back what was removed nor be honest about it.
    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("question"))
    def excerpt(self, question: Question) -> str:
        return Truncator(question.original_text).chars(80)

    @admin.display(description=_("asked under"))
    def item_shown(self, question: Question) -> str:
        return Truncator(str(question.item)).chars(40)

    @admin.display(description=_("asked under"))
    def item_link(self, question: Question) -> str:
        item = question.item
        return format_html(
            '<a href="{}">{}</a> ({})',
            item.get_absolute_url(),
            item,
            type(item)._meta.verbose_name,
        )

    @admin.display(description=_("language"), ordering="language")
    def language_code(self, question: Question) -> str:
        # The code ("FR"), with the name for screen readers and on hover: a narrow column.
        return format_html(
            '<abbr title="{}">{}</abbr>', question.get_language_display(), question.language.upper()
        )

    @admin.display(description=_("waiting for"), ordering="created_at")
    def age(self, question: Question) -> str:
        return timesince(question.created_at, timezone.now(), depth=1)

    @admin.action(description=_("Publish the selected questions"), permissions=["change"])
    def approve_selected(self, request, queryset):
        """Nobody is emailed about a publication, so no confirmation page: questions that
        are no longer waiting are left as they are, and the message says how many."""
        waiting = list(queryset.filter(status=Question.Status.PENDING))
        approved, skipped = 0, queryset.count() - len(waiting)
        for question in waiting:
            try:
                moderation.question_approve(question=question)
                approved += 1
            except DialogueError:
                skipped += 1  # decided by someone else meanwhile
        self.message_user(
            request,
            ngettext(
                "%(count)d question published; nobody was emailed.",
                "%(count)d questions published; nobody was emailed.",
                approved,
            )
            % {"count": approved},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d question was not waiting for a decision and was left as it is.",
                    "%(count)d questions were not waiting for a decision and were left as "
                    "they are.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
