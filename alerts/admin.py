"""Staff see members' alert preferences (programme officers: personal data, never editors)
and the deliveries, read-only. Changes go through the member's own page."""

from django.contrib import admin

from alerts.models import AlertDelivery, AlertItem, AlertSubscription


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "frequency", "active", "consent_at", "created_at"]
    list_filter = ["active", "frequency", "language", "countries", "sectors"]
    search_fields = ["email"]
    readonly_fields = [
        "email", "language", "countries", "sectors", "frequency", "active", "active_since",
        "stopped_at", "consent_at", "privacy_version", "created_at", "updated_at",
    ]  # fmt: skip
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False  # members set their alerts themselves (consent is theirs to give)

    def has_change_permission(self, request, obj=None) -> bool:
        # Nor may staff change them: turning stopped alerts back on would override a
        # withdrawn consent.
        return False


@admin.register(AlertItem)
class AlertItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "call", "event", "session", "article", "countries", "sectors",
                       "created_at"]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(admin.ModelAdmin):
    list_display = ["subscription", "kind", "week", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind", "week"]
    list_select_related = ["subscription"]
    search_fields = ["subscription__email"]
    readonly_fields = [f.name for f in AlertDelivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
