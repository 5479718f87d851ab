from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from portal.core.admin import TranslatedAdmin, TranslationMissingFilter
from portal.core.admin_readonly import RichTextReadOnlyMixin
from portal.core.i18n import localized_fields, prepopulated_slugs, source_language
from portal.core.images import image_fieldset
from projects.models import Call, Country, Partner, Project, Sector, Target


@admin.register(Country)
class CountryAdmin(TranslatedAdmin):
    list_display = ["name", "code", "is_focus", "translation_status"]
    list_filter = ["is_focus", TranslationMissingFilter]
    search_fields = ["code", *localized_fields("name")]
    fieldsets = [
        (None, {"fields": ["code", "name", "is_focus", "profile"]}),
        image_fieldset(),
    ]


@admin.register(Sector)
class SectorAdmin(TranslatedAdmin):
    list_display = ["name", "code", "translation_status"]
    list_filter = [TranslationMissingFilter]
    search_fields = ["code", *localized_fields("name")]

    def get_prepopulated_fields(self, request, obj=None):
        return {"code": (build_localized_fieldname("name", source_language()),)}


@admin.register(Partner)
class PartnerAdmin(TranslatedAdmin):
    list_display = ["name", "role", "website", "translation_status"]
    list_filter = ["role", TranslationMissingFilter]
    search_fields = localized_fields("name")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class TargetInline(TranslationTabularInline):
    model = Target
    extra = 0
    fields = ["position", "label", "source", "call", "progress", "goal"]


class CallInline(RichTextReadOnlyMixin, TranslationStackedInline):
    model = Call
    extra = 0
    show_change_link = True
    fields = [
        "kind", "title", "slug", "description", "eligibility", "opens_at", "closes_at",
        "officer_email", "contact_role", "is_published", "publish_at", "english_only",
    ]  # fmt: skip

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")


@admin.register(Project)
class ProjectAdmin(TranslatedAdmin):
    list_display = [
        "title", "status", "start_date", "is_featured", "is_published", "publish_at",
        "translation_status",
    ]  # fmt: skip
    list_filter = [
        "status", "is_published", "is_featured", "countries_of_origin", "sectors",
        TranslationMissingFilter,
    ]  # fmt: skip
    search_fields = localized_fields("title", "summary")
    filter_horizontal = ["countries_of_origin", "countries_of_residence", "sectors", "partners"]
    inlines = [TargetInline, CallInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        image_fieldset("image_caption"),
        (
            _("Where and what"),
            {"fields": ["countries_of_origin", "countries_of_residence", "sectors"]},
        ),
        (_("Partners"), {"fields": ["partners", "funder"]}),
        (_("Contact"), {"fields": ["contact_role", "contact_email"]}),
        (
            _("Period and status"),
            {"fields": ["start_date", "end_date", "status", "is_featured"]},
        ),
        (
            _("Publication"),
            {"fields": ["is_published", "publish_at", "english_only"]},
        ),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")


@admin.register(Call)
class CallAdmin(TranslatedAdmin):
    list_display = [
        "title", "project", "kind", "opens_at", "closes_at", "is_published", "translation_status",
    ]  # fmt: skip
    list_filter = ["kind", "is_published", "project", TranslationMissingFilter]
    list_select_related = ["project"]
    search_fields = localized_fields("title")
    date_hierarchy = "closes_at"
    fieldsets = [
        (None, {"fields": ["project", "kind", "title", "slug", "description", "eligibility"]}),
        (_("Window"), {"fields": ["opens_at", "closes_at"]}),
        image_fieldset(),
        (_("Publication"), {"fields": ["is_published", "publish_at", "english_only"]}),
        (_("Follow-up and contact"), {"fields": ["officer_email", "contact_role"]}),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")
