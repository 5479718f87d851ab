"""Admin for site-wide content, and the base class every translated model's admin uses."""

import json

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from portal import privacy
from portal.forms import PersonalDataRequestForm
from portal.i18n import missing_languages, missing_translation_q
from portal.models import Page, PersonalDataRequest, SiteSettings

admin.site.site_header = _("Diaspora portal administration")
admin.site.site_title = _("Diaspora portal")
admin.site.index_title = _("Content and registrations")


class TranslationMissingFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [("missing", _("Translation missing")), ("complete", _("Complete"))] + [
            (f"missing-{code}", _("Missing in %(language)s") % {"language": name})
            for code, name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "missing":
            return queryset.filter(missing_translation_q(queryset.model))
        if value == "complete":
            return queryset.exclude(missing_translation_q(queryset.model))
        if value and value.startswith("missing-"):
            return queryset.filter(missing_translation_q(queryset.model, [value[8:]]))
        return queryset


class TranslatedAdmin(TabbedTranslationAdmin):
    """Tabbed language fields, plus a column and a filter for missing translations."""

    @admin.display(description=_("Translations"))
    def translation_status(self, obj) -> str:
        missing = set(missing_languages(obj))
        return format_html_join(
            " ",
            '<span class="translation-{}" title="{}">{} {}</span>',
            (
                (
                    "missing" if code in missing else "ok",
                    _("missing") if code in missing else _("complete"),
                    code.upper(),
                    "✗" if code in missing else "✓",
                )
                for code, _name in settings.LANGUAGES
            ),
        )


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedAdmin):
    fieldsets = [
        (None, {"fields": ["site_name", "tagline"]}),
        (_("Organisation"), {"fields": ["organisation_name", "address", "contact_email"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        settings_row = SiteSettings.load()
        return HttpResponseRedirect(
            reverse("admin:portal_sitesettings_change", args=[settings_row.pk])
        )


@admin.register(Page)
class PageAdmin(TranslatedAdmin):
    list_display = ["title", "key", "is_published", "translation_status", "updated_at"]
    list_filter = ["is_published", "key", TranslationMissingFilter]
    search_fields = ["title_en", "title_fr"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Publication"), {"fields": ["key", "version", "is_published"]}),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        return {f"slug_{code}": (f"title_{code}",) for code, _name in settings.LANGUAGES}


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(admin.ModelAdmin):
    """The log of exports and erasures; "add" is the form that makes one."""

    list_display = ["requested_at", "action", "requested_by", "counts"]
    list_filter = ["action"]
    readonly_fields = ["action", "email_hash", "requested_by", "requested_at", "counts"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PersonalDataRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            email, action = form.cleaned_data["email"], form.cleaned_data["action"]
            if action == PersonalDataRequest.Action.EXPORT:
                data = privacy.export_for_email(email)
                counts = {label: len(rows) for label, rows in data["records"].items()}
            else:
                counts = privacy.erase_for_email(email)
            PersonalDataRequest.objects.create(
                action=action,
                email_hash=PersonalDataRequest.hash_email(email),
                requested_by=request.user,
                counts=counts,
            )
            if action == PersonalDataRequest.Action.EXPORT:
                response = HttpResponse(
                    json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
                response["Cache-Control"] = "private, no-store"
                return response
            total = sum(counts.values())
            self.message_user(
                request,
                ngettext(
                    "%(count)d record about this address was erased.",
                    "%(count)d records about this address were erased.",
                    total,
                )
                % {"count": total},
            )
            return HttpResponseRedirect(reverse("admin:portal_personaldatarequest_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("Export or erase personal data"),
            "kinds": privacy.REGISTRY.values(),
        }
        return TemplateResponse(request, "admin/portal/personal_data_request.html", context)
