"""Admin for site-wide content, and the base classes every content model's admin uses.

`TranslatedAdmin` is the editorial building block: language tabs (modeltranslation), a
translation status column and list filter (complete / missing / out of date, per
language), incomplete language tabs marked on the change form, preview links in each
language, the "mark translations up to date" action, and the history (django-simple-
history: every version, who made it, and a button to revert to it).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from portal.core import preview, privacy, services
from portal.core import translation_status as status
from portal.core.admin_readonly import RichTextReadOnlyMixin
from portal.core.forms import PersonalDataRequestForm
from portal.core.history_admin import HistoryAdmin
from portal.core.i18n import (
    TranslationState,
    hashed_fields,
    is_tracked,
    language_in_text,
    localized_fields,
    prepopulated_slugs,
    required_translated_fields,
    target_languages,
)
from portal.core.models import Page, PersonalDataRequest, SiteSettings, SocialLink
from portal.core.staff_auth.services import two_factor_reset

# The site title and header come from the site settings (admin_site.py).
admin.site.index_title = _("Content and registrations")
admin.site.index_template = "admin/portal/index.html"

STATE_SYMBOLS = {
    TranslationState.COMPLETE: "✓",
    TranslationState.MISSING: "✗",
    TranslationState.OUTDATED: "⚠",
}


class TranslationMissingFilter(admin.SimpleListFilter):
    """Filter by translation state: needing work, complete, or per language and state."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        choices = [
            ("needed", _("Missing or out of date")),
            ("missing", _("Translation missing")),
            ("complete", _("Complete")),
        ]
        choices += [
            (f"missing-{code}", _("Missing in %(language)s") % {"language": language_in_text(code)})
            for code, _name in settings.LANGUAGES
        ]
        if is_tracked(model_admin.model):
            choices.insert(2, ("outdated", _("Out of date")))
            choices += [
                (
                    f"outdated-{code}",
                    _("Out of date in %(language)s") % {"language": language_in_text(code)},
                )
                for code in target_languages()
            ]
        return choices

    def queryset(self, request, queryset):
        # An item counts with the parts it is published with (an issue's articles, a
        # project's calls: portal/core/translation_status.py).
        value = self.value() or ""
        model = queryset.model
        if value == "needed":
            return queryset.filter(status.needs_q(model))
        if value == "missing":
            return queryset.filter(status.missing_q(model))
        if value == "outdated":
            return queryset.filter(status.outdated_q(model))
        if value == "complete":
            return queryset.exclude(status.needs_q(model))
        if value.startswith("missing-"):
            return queryset.filter(status.missing_q(model, [value[8:]]))
        if value.startswith("outdated-"):
            return queryset.filter(status.outdated_q(model, [value[9:]]))
        return queryset


# The name the issue and the other apps use for the same filter.
TranslationStatusFilter = TranslationMissingFilter


def field_states(obj) -> dict[str, str]:
    """{"<field>_<language>": "missing" or "outdated", ...}: what the change form marks."""
    if obj is None or obj.pk is None:
        return {}
    model = type(obj)
    states = status.own_states(obj)
    required = set(required_translated_fields(model))
    result = {}
    for code, _name in settings.LANGUAGES:
        for name in [*hashed_fields(model), "slug"]:
            field = build_localized_fieldname(name, code)
            if not hasattr(obj, field):
                continue
            if name in required and not getattr(obj, field):
                result[field] = TranslationState.MISSING
            elif states[code] == TranslationState.OUTDATED and name in hashed_fields(model):
                result[field] = TranslationState.OUTDATED
    return result


class TranslatedAdmin(RichTextReadOnlyMixin, HistoryAdmin, TabbedTranslationAdmin):
    """Tabbed languages, translation status, preview links and history."""

    change_form_template = "admin/portal/translated_change_form.html"
    actions = ["mark_translations_up_to_date"]

    class Media:
        js = ["portal/admin/translation_tabs.js"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        parts = getattr(self.model, "translation_parts", ())
        return queryset.prefetch_related(*parts) if parts else queryset

    @admin.display(description=_("Translations"))
    def translation_status(self, obj) -> str:
        """Each language's state, the item's parts included (an article without French
        makes its issue's French "missing", and the title says where)."""
        labels = dict(TranslationState.choices)
        states, worse_in = status.states_with_parts(obj)

        def label(code, state) -> str:
            if not worse_in[code]:
                return str(labels[state])
            return gettext("%(state)s (in its %(parts)s)") % {
                "state": labels[state],
                "parts": ", ".join(str(m._meta.verbose_name_plural) for m in worse_in[code]),
            }

        return format_html_join(
            " ",
            '<span class="translation-{}" title="{}">{} {}<span class="visually-hidden"> {}'
            "</span></span>",
            (
                (state, label(code, state), code.upper(), STATE_SYMBOLS[state], label(code, state))
                for code, state in states.items()
            ),
        )

    @admin.action(
        description=_("Mark the translations of the selected items as up to date"),
        permissions=["change"],
    )
    def mark_translations_up_to_date(self, request, queryset):
        if not is_tracked(queryset.model):
            return
        count = 0
        for obj in queryset:
            obj.mark_translations_up_to_date()
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d item marked as translated from the current English text.",
                "%(count)d items marked as translated from the current English text.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_tracked(self.model):
            actions.pop("mark_translations_up_to_date", None)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        names = dict(settings.LANGUAGES)
        labels = dict(TranslationState.choices)
        if obj is not None and obj.pk is not None:
            context["translation_summary"] = [
                {"language": names[code], "state": state, "label": labels[state]}
                for code, state in status.states_with_parts(obj)[0].items()
            ]
            states = field_states(obj)
            # Inline objects (an issue's articles, a project's calls) get their tabs marked too.
            for inline in context.get("inline_admin_formsets", []):
                for form in inline.formset.forms:
                    if is_tracked(type(form.instance)) and form.instance.pk:
                        for name, state in field_states(form.instance).items():
                            states[f"{form.prefix}-{name}"] = state
            context["translation_field_states"] = {
                "fields": states,
                "labels": {str(k): str(v) for k, v in labels.items()},
            }
            context["preview_links"] = preview.preview_links(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


class SocialLinkInline(admin.TabularInline):
    model = SocialLink
    extra = 1
    fields = ["label", "url", "position"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # https only


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedAdmin):
    fieldsets = [
        (None, {"fields": ["site_name", "short_name", "tagline", "logo"]}),
        (
            _("Organisation"),
            {"fields": ["organisation_name", "address", "contact_email", "phone"]},
        ),
    ]
    inlines = [SocialLinkInline]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and request.method == "GET":
            placeholders = obj.placeholders()
            if placeholders:
                messages.warning(
                    request,
                    gettext(
                        "These details are demo placeholders, not your organisation’s: "
                        "%(fields)s. Replace them before the site goes live."
                    )
                    % {"fields": ", ".join(placeholders)},
                )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

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
    list_display = [
        "title", "key", "is_published", "publish_at", "translation_status", "updated_at",
    ]  # fmt: skip
    list_filter = ["is_published", "key", TranslationMissingFilter]
    search_fields = localized_fields("title")
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("Publication"),
            {"fields": ["key", "version", "is_published", "publish_at", "english_only"]},
        ),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(admin.ModelAdmin):
    """The log of exports and erasures; "add" is the form that makes one."""

    list_display = ["requested_at", "action", "requested_by", "reason", "counts"]
    list_filter = ["action"]
    readonly_fields = ["action", "email_hash", "requested_by", "requested_at", "reason", "counts"]

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
            who = {"requested_by": request.user, "reason": form.cleaned_data["reason"]}
            if action == PersonalDataRequest.Action.EXPORT:
                response = HttpResponse(
                    services.personal_data_export_json(email=email, **who),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
                response["Cache-Control"] = "private, no-store"
                return response
            report = services.personal_data_erase(email=email, **who)
            total = report.total_records
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
            "kinds": privacy.registry().values(),
        }
        return TemplateResponse(request, "admin/portal/personal_data_request.html", context)


# -- staff second factor ------------------------------------------------------------------------
# django-otp's own device admins show secrets (static backup codes, the authenticator's QR
# code): staff reset a lost device with the user action below (or `manage.py
# reset_two_factor USERNAME`) and each person enrols again at their next login.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)

User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "has_two_factor"]
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
            )
        )

    @admin.display(description=_("Two-factor"), boolean=True, ordering="two_factor")
    def has_two_factor(self, obj) -> bool:
        return obj.two_factor

    @admin.action(description=_("Reset two-factor authentication"), permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset) -> None:
        for user in queryset:
            two_factor_reset(user=user)
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication reset for %(count)d user: they will set it up "
                "again at their next login.",
                "Two-factor authentication reset for %(count)d users: they will set it up "
                "again at their next login.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )
