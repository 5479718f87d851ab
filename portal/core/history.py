"""Who changed what and when: django-simple-history for content and personal-data models.

To give a model a history, add one line after the model (and, for a translated model,
after its modeltranslation registration, so that its per-language columns, one per language
in settings, are in the history too), in the app's `translation.py`:

    track_history(Subscriber)

Its admin then inherits `portal.core.admin.HistoryAdmin` (or `TranslatedAdmin`, which does)
to show the history and revert to an earlier version, and a migration creates the
`Historical<Model>` table. A history row keeps a full copy of the object, personal data
included: personal-data models' histories must be pruned by their retention task with
`history_prune(Model, before=...)`, with the same period as the data itself.
"""

from datetime import datetime

from django.db import models, transaction
from modeltranslation.fields import TranslationField
from simple_history import register
from simple_history.models import HistoricalChanges

from portal.core.i18n import TRACKING_FIELDS, TranslationTracked

HISTORY_MODELS: list[type[models.Model]] = []


def track_history(model: type[models.Model], **options) -> None:
    """Record every change of `model` (one line per model, see above)."""
    if issubclass(model, TranslationTracked):
        # Bookkeeping, recomputed on every save (a reverted version included): not history.
        options.setdefault("excluded_fields", list(TRACKING_FIELDS))
    register(model, app=model._meta.app_config.name, **options)
    HISTORY_MODELS.append(model)
    for field in model.history.model._meta.fields:
        if isinstance(field, TranslationField) and field.translated_field.unique:
            # modeltranslation rebuilds a per-language field from the original's options,
            # `unique` included; a history holds many versions of one slug, so say it again.
            field._field_options_kwargs = {
                **getattr(field, "_field_options_kwargs", {}),
                "unique": False,
                "db_index": True,
            }


def history_prune(model: type[models.Model], before: datetime) -> int:
    """Delete `model`'s history rows recorded before `before`; return how many.

    For retention tasks: personal data must not outlive its period in the history.
    """
    history_model = model.history.model
    with transaction.atomic():
        deleted, _by_model = history_model.objects.filter(history_date__lt=before).delete()
    return deleted


def history_forget(obj: models.Model) -> int:
    """Delete every history row of one object (erasure request); return how many."""
    history_model = type(obj).history.model
    deleted, _by_model = history_model.objects.filter(
        **{type(obj)._meta.pk.attname: obj.pk}
    ).delete()
    return deleted


def last_change(obj: models.Model) -> HistoricalChanges | None:
    return obj.history.first() if hasattr(obj, "history") else None
