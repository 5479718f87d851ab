"""What the admin index shows staff: the work that needs attention.

The translations and scheduled publications of every app, then the panels the apps declare
in their contributions (`dashboard_panels`, portal/core/contract.py): each a template and a
function of the request returning a dict for it, such as the registrations app's "new
applications and interests per call" (registrations/dashboard.py).
"""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from portal.core import contract
from portal.core.collation import alphabetical
from portal.core.i18n import (
    TranslationState,
    is_tracked,
    missing_translation_q,
    needs_translation_q,
    outdated_translation_q,
)
from portal.core.publishing import PUBLISHABLE_MODELS


def _changelist(model, query: str = "") -> str | None:
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def _can_view(request: HttpRequest, model) -> bool:
    model_admin = admin.site._registry.get(model)
    return bool(model_admin and model_admin.has_view_or_change_permission(request))


def translation_counts(request: HttpRequest) -> list[dict]:
    """Per translated model: how many items miss a translation, how many are out of date."""
    rows = []
    for model in admin.site._registry:
        if not is_tracked(model) or not _can_view(request, model):
            continue
        missing = model._default_manager.filter(missing_translation_q(model)).count()
        outdated = model._default_manager.filter(outdated_translation_q(model)).count()
        if missing or outdated:
            rows.append(
                {
                    "name": model._meta.verbose_name_plural,
                    "missing": missing,
                    "outdated": outdated,
                    "missing_url": _changelist(model, "translation=missing"),
                    "outdated_url": _changelist(model, "translation=outdated"),
                }
            )
    return alphabetical(rows, key=lambda row: row["name"])


def scheduled_items(request: HttpRequest, now=None) -> list[dict]:
    """Everything published for later, soonest first."""
    now = now or timezone.now()
    items = []
    for model in PUBLISHABLE_MODELS:
        if not _can_view(request, model):
            continue
        for obj in model._default_manager.scheduled(now).order_by("publish_at")[:20]:
            items.append(
                {
                    "object": obj,
                    "kind": model._meta.verbose_name,
                    "publish_at": obj.publish_at,
                    "url": reverse(
                        f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                        args=[obj.pk],
                    ),
                }
            )
    return sorted(items, key=lambda item: item["publish_at"])


def translation_todo(request: HttpRequest, limit: int = 500) -> list[dict]:
    """Everything with a translation missing or out of date, the longest waiting first."""
    items = []
    for model, model_admin in admin.site._registry.items():
        if not is_tracked(model) or not model_admin.has_view_or_change_permission(request):
            continue
        for obj in model._default_manager.filter(needs_translation_q(model))[:limit]:
            items.append(
                {
                    "object": obj,
                    "kind": model._meta.verbose_name,
                    "states": obj.translation_states(),
                    "since": obj.translation_pending_since,
                    "url": reverse(
                        f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                        args=[obj.pk],
                    ),
                }
            )
    # Items waiting from before tracking began (no date) come first: they are the oldest.
    epoch = timezone.now().replace(year=1970)
    return sorted(items, key=lambda item: item["since"] or epoch)[:limit]


def panels(request: HttpRequest) -> list[tuple[str, dict]]:
    """The apps' panels this member of staff may see: (template, its `panel` dict)."""
    return [
        (panel.template, panel.context(request))
        for panel in contract.collect("dashboard_panels")
        if panel.model is None or _can_view(request, panel.model)
    ]


def dashboard(request: HttpRequest) -> dict:
    return {
        "translations": translation_counts(request),
        "scheduled": scheduled_items(request),
        "panels": panels(request),
    }


def translation_todo_view(request):
    """The staff page listing everything that needs translation, oldest first."""
    names = dict(settings.LANGUAGES)
    labels = dict(TranslationState.choices)
    items = translation_todo(request)
    for item in items:
        item["problems"] = [
            {"language": names[code], "state": state, "label": labels[state]}
            for code, state in item["states"].items()
            if state != TranslationState.COMPLETE
        ]
    context = {
        **admin.site.each_context(request),
        "title": gettext("Translations to do"),
        "items": items,
    }
    return TemplateResponse(request, "admin/portal/translation_todo.html", context)
