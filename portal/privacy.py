"""One mechanism for every model that holds personal data.

Each app registers its personal-data models here (in its AppConfig.ready), saying how to
find a person's rows by email, what a row keeps and why (shown on the privacy notice), how
long it is kept, and whether it is deleted or anonymised when that time is over. On top of
the registry:

- `export_for_email(email)`: everything about an address, as JSON-ready data;
- `erase_for_email(email)`: delete (or anonymise) everything about an address;
- `retention_purge(dry_run=...)`: delete or anonymise what is past its retention period
  (the periodic task `portal.tasks.purge_expired_personal_data`; `manage.py
  purge_personal_data` shows a dry run first).

A test fails when a model with an email field is neither registered nor listed as exempt.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from portal.history import history_prune

logger = logging.getLogger(__name__)

# Models with an email field that are not about the public: staff accounts.
EXEMPT = {"auth.user"}


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    what: str  # what is kept and why, for the privacy notice (lazy translation)
    retention_setting: str  # key in settings.PERSONAL_DATA_RETENTION_DAYS
    expired: Callable[[models.QuerySet, datetime], models.QuerySet]
    email_field: str = "email"
    # None: delete the rows; otherwise a function that blanks a queryset's personal fields.
    anonymise: Callable[[models.QuerySet], int] | None = None
    exclude_from_export: tuple[str, ...] = field(default=("token",))

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    @property
    def retention_days(self) -> int:
        return settings.PERSONAL_DATA_RETENTION_DAYS[self.retention_setting]

    def for_email(self, email: str) -> models.QuerySet:
        return self.model._default_manager.filter(**{f"{self.email_field}__iexact": email})

    def remove(self, queryset: models.QuerySet) -> int:
        """Anonymise or delete the rows (their uploaded files and their history too); how
        many there were."""
        pks = list(queryset.values_list("pk", flat=True))
        try:
            return self._remove(self.model._default_manager.filter(pk__in=pks))
        finally:
            # After the rows: deleting a tracked row records one more version of it.
            forget_history(self.model, pks)

    def _remove(self, queryset: models.QuerySet) -> int:
        if self.anonymise is not None:
            return self.anonymise(queryset)
        file_fields = [
            f for f in self.model._meta.concrete_fields if isinstance(f, models.FileField)
        ]
        count = 0
        for obj in queryset.iterator():
            for file_field in file_fields:
                stored = getattr(obj, file_field.name)
                if stored:
                    # After the commit: a rollback must not leave rows without their files.
                    name, storage = stored.name, stored.storage
                    transaction.on_commit(lambda n=name, s=storage: s.delete(n))
            count += 1
        queryset.delete()
        return count


REGISTRY: dict[str, PersonalData] = {}


def forget_history(model: type[models.Model], pks: list) -> None:
    """Delete the history (portal/history.py) of these rows, if the model keeps one."""
    if hasattr(model, "history") and pks:
        model.history.model.objects.filter(**{f"{model._meta.pk.attname}__in": pks}).delete()


def register(model: type[models.Model], **options) -> None:
    entry = PersonalData(model=model, **options)
    REGISTRY[entry.label] = entry


JSON_NATIVE = (str, int, float, bool, type(None), date, datetime, list, dict)


def _row(entry: PersonalData, obj: models.Model) -> dict:
    data = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in entry.exclude_from_export:
            continue
        value = getattr(obj, model_field.attname)
        if isinstance(model_field, models.FileField):
            value = value.name if value else ""
        elif not isinstance(value, JSON_NATIVE):
            value = str(value)  # countries, decimals, UUIDs...
        data[model_field.attname] = value
    return data


def export_for_email(email: str) -> dict:
    """Every registered row about `email`, by model (serialise with DjangoJSONEncoder)."""
    email = email.strip()
    records = {}
    for label, entry in sorted(REGISTRY.items()):
        rows = [_row(entry, obj) for obj in entry.for_email(email)]
        if rows:
            records[label] = rows
    return {"email": email, "exported_at": timezone.now(), "records": records}


def erase_for_email(email: str) -> dict[str, int]:
    """Delete (or anonymise) every registered row about `email`; {model: count}."""
    email = email.strip()
    counts = {}
    with transaction.atomic():
        for label, entry in REGISTRY.items():
            count = entry.remove(entry.for_email(email))
            if count:
                counts[label] = count
    logger.info("personal data erased on request: %s", counts)
    return counts


def retention_purge(*, dry_run: bool, now: datetime | None = None) -> dict[str, int]:
    """Delete or anonymise what is past its retention period; {model: count}. With
    `dry_run`, only count. Logged either way."""
    now = now or timezone.now()
    counts = {}
    with transaction.atomic():
        for label, entry in REGISTRY.items():
            cutoff = now - timedelta(days=entry.retention_days)
            expired = entry.expired(entry.model._default_manager.all(), cutoff)
            count = expired.count() if dry_run else entry.remove(expired)
            counts[label] = count
            if not dry_run and hasattr(entry.model, "history"):
                # Versions older than the period go too, also those of rows still kept.
                history_prune(entry.model, before=cutoff)
    logger.info("retention purge%s: %s", " (dry run)" if dry_run else "", counts)
    return counts
