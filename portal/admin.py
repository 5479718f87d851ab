"""Admin for site-wide content, and the base class every translated model's admin uses."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TabbedTranslationAdmin

from portal.i18n import missing_languages, missing_translation_q
from portal.models import Page, SiteSettings
from portal.staff_auth.services import two_factor_reset

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
