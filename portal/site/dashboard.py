"""What the admin index shows staff: the work that needs attention.

Each panel is a function of the request returning a dict for its template. Apps add panels
with `register_panel()`, as the registrations app adds "new applications and interests per
call" (registrations/dashboard.py):

    register_panel("registrations/dashboard_panel.html", applications_per_call)
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from events.models import Event, Session
from newsletter.models import Issue, Subscriber
from portal.core.i18n import (
    TranslationState,
    is_tracked,
    missing_translation_q,
    needs_translation_q,
    outdated_translation_q,
)
from portal.core.publishing import PUBLISHABLE_MODELS

UPCOMING_DAYS = 30

# (template, function(request) -> context) added by apps; see the module docstring.
EXTRA_PANELS: list[tuple[str, Callable[[HttpRequest], dict]]] = []


def register_panel(template: str, context: Callable[[HttpRequest], dict]) -> None:
    EXTRA_PANELS.append((template, context))


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
    return sorted(rows, key=lambda row: str(row["name"]))


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


def upcoming_sessions(now=None, days: int = UPCOMING_DAYS) -> list[dict]:
    """Sessions starting in the next `days` days, with their fill rate where there is a
    capacity (places taken come from `Session.taken_places()`, which registrations fill)."""
    now = now or timezone.now()
    sessions = (
        Session.objects.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=days))
        .select_related("event")
        .order_by("starts_at")
    )
    rows = []
    for session in sessions:
        taken = session.taken_places()
        rows.append(
            {
                "session": session,
                "event": session.event,
                "capacity": session.capacity,
                "taken": taken,
                "fill_percent": round(taken * 100 / session.capacity) if session.capacity else None,
                "url": reverse("admin:events_event_change", args=[session.event_id]),
            }
        )
    return rows


def subscribers_per_language() -> list[dict]:
    names = dict(settings.LANGUAGES)
    counts = dict(
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        .values_list("language")
        .annotate(count=Count("pk"))
        .values_list("language", "count")
    )
    return [
        {"code": code, "language": names[code], "count": counts.get(code, 0)}
        for code, _name in settings.LANGUAGES
    ]


def last_send() -> Issue | None:
    return (
        Issue.objects.filter(send_started_at__isnull=False)
        .with_delivery_counts()
        .order_by("-send_started_at")
        .first()
    )


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


def dashboard(request: HttpRequest) -> dict:
    return {
        "translations": translation_counts(request),
        "scheduled": scheduled_items(request),
        "sessions": upcoming_sessions() if _can_view(request, Event) else [],
        "upcoming_days": UPCOMING_DAYS,
        "subscribers": subscribers_per_language() if _can_view(request, Subscriber) else None,
        "last_send": last_send() if _can_view(request, Issue) else None,
        "extra_panels": [(template, context(request)) for template, context in EXTRA_PANELS],
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
