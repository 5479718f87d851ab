"""One mechanism for every model that holds personal data.

Each app declares its personal-data models as `PersonalData` entries in its contributions
(`personal_data`, portal/core/contract.py), saying how to
find a person's rows by email, what a row keeps and why (shown on the privacy notice), how
long it is kept, and whether it is deleted or anonymised when that time is over. On top of
the registry:

- `export_for_email(email)`: everything about an address, as JSON-ready data;
- `erase_for_email(email)`: delete (or anonymise) everything about an address;
- `retention_purge(dry_run=...)`: delete or anonymise what is past its retention period
  (the periodic task `portal.core.tasks.purge_expired_personal_data`; `manage.py
  purge_personal_data` shows a dry run first).

Both also reach the traces the registered rows leave elsewhere (`_traces` below): their
history (also of rows deleted since), the admin log, task results (arguments, return values,
tracebacks) and django-axes' login logs. `manage.py personal_data` and the admin's personal
data requests call them through portal.core.services, which keeps the log.

A test fails when a model with an email field is neither declared nor listed as exempt.
"""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from portal.core import contract, task_results
from portal.core.addresses import same_address
from portal.core.history import HISTORY_MODELS, history_prune

logger = logging.getLogger(__name__)

# Models with an email field that are not about the public: staff accounts.
EXEMPT = {"auth.user"}


class RevokeRefused(Exception):
    """An entry's `revoke` refuses (staff have decided on an application, say): `message`
    tells the person why, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    what: str  # what is kept and why, for the privacy notice (lazy translation)
    retention_setting: str  # key in settings.PERSONAL_DATA_RETENTION_DAYS
    expired: Callable[[models.QuerySet, datetime], models.QuerySet]
    email_field: str = "email"
    # The person's name as they typed it: task results quoting it are erased with them.
    name_field: str = "name"
    # None: delete the rows; otherwise a function that blanks a queryset's personal fields
    # (and gives each row a fresh random token, if it has one: never a guessable value).
    anonymise: Callable[[models.QuerySet], int] | None = None
    # Erasure only (not retention): what must happen first through the app's services, such
    # as cancelling a registration that holds a place, so that the waiting list moves on.
    before_erase: Callable[[models.QuerySet], None] | None = None
    # Retention and erasure: what the app keeps before the rows go (such as a keyed hash of
    # an unsubscribed address, so that no import subscribes it again).
    before_remove: Callable[[models.QuerySet], None] | None = None
    exclude_from_export: tuple[str, ...] = field(default=("token",))
    # A row that records a consent (`consent_at`): how the person withdraws it from My space
    # through the app's service (unsubscribe, cancel...), what the button says, and which
    # rows still have a consent to withdraw (None: every row). No `revoke`: no button.
    revoke: Callable[[models.Model], None] | None = None
    revoke_label: str = ""
    revocable: Callable[[models.Model], bool] | None = None
    # Exports: what a row adds to its columns from related rows (many-to-many names, say).
    export_extra: Callable[[models.Model], dict] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    @property
    def retention_days(self) -> int:
        return settings.PERSONAL_DATA_RETENTION_DAYS[self.retention_setting]

    def can_revoke(self, obj: models.Model) -> bool:
        return self.revoke is not None and (self.revocable is None or self.revocable(obj))

    def for_email(self, email: str) -> models.QuerySet:
        return self.model._default_manager.filter(same_address(self.email_field, email))

    def remove(self, queryset: models.QuerySet) -> int:
        """Anonymise or delete the rows (their uploaded files and their history too); how
        many there were."""
        pks = list(queryset.values_list("pk", flat=True))
        if self.before_remove is not None and pks:
            self.before_remove(self.model._default_manager.filter(pk__in=pks))
        try:
            return self._remove(self.model._default_manager.filter(pk__in=pks))
        finally:
            # After the rows: deleting a tracked row records one more version of it.
            forget_history(self.model, pks)
            forget_admin_log(self.model, pks)

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


def registry() -> dict[str, PersonalData]:
    """Every app's declared `personal_data`, by model label (one entry per model)."""
    return contract.collect_by("personal_data", lambda entry: entry.label)


def forget_history(model: type[models.Model], pks: list) -> None:
    """Delete the history (portal/core/history.py) of these rows, if the model keeps one."""
    if hasattr(model, "history") and pks:
        model.history.model.objects.filter(**{f"{model._meta.pk.attname}__in": pks}).delete()


# What an admin log line about an erased or expired row shows instead of its name.
ERASED = "(erased)"


def admin_log_for(model: type[models.Model], pks) -> models.QuerySet:
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pks])


def scrub_admin_log(entries: models.QuerySet, terms: tuple[str, ...] = ()) -> int:
    """Keep who did what and when (the audit trail), without the object's name ("APP-… –
    Ada Lovelace") or the names of the inline objects a change added (a note's text)."""
    changed = []
    for entry in entries.only("pk", "change_message"):
        message = entry.change_message
        try:
            parts = json.loads(message) if message.startswith("[") else None
        except ValueError:
            parts = None
        if parts is not None:
            # [{"added": {"name": "internal note", "object": "<the note>"}}, ...]
            for part in parts:
                for details in part.values() if isinstance(part, dict) else ():
                    if isinstance(details, dict):
                        details.pop("object", None)
            message = json.dumps(parts)
        elif any(term.lower() in message.lower() for term in terms):
            message = ""
        entry.object_repr, entry.change_message = ERASED, message
        changed.append(entry)
    LogEntry.objects.bulk_update(changed, ["object_repr", "change_message"], batch_size=500)
    return len(changed)


def forget_admin_log(model: type[models.Model], pks: list) -> None:
    if pks:
        scrub_admin_log(admin_log_for(model, pks))


JSON_NATIVE = (str, int, float, bool, type(None), date, datetime, list, dict)


def _row(entry: PersonalData, obj: models.Model) -> dict:
    extra = entry.export_extra(obj) if entry.export_extra is not None else {}
    return _values(obj, exclude=entry.exclude_from_export) | extra


def _values(obj: models.Model, exclude: tuple[str, ...] = ("token",)) -> dict:
    data = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in exclude:
            continue
        value = getattr(obj, model_field.attname)
        if isinstance(model_field, models.FileField):
            value = value.name if value else ""
        elif not isinstance(value, JSON_NATIVE):
            value = str(value)  # countries, decimals, UUIDs...
        data[model_field.attname] = value
    return data


# -- traces: what the registered rows leave in other tables -------------------------------------
# Task results are also searched by the names the person gave, at least this long (a short
# name would catch other people's rows).
MIN_NAME_LENGTH = 5


@dataclass
class Person:
    """What identifies one person's rows: the address, the names they typed, and the primary
    keys of their registered rows, also of rows deleted since (found in the history)."""

    email: str
    names: set[str] = field(default_factory=set)
    pks: dict[type[models.Model], set] = field(default_factory=dict)

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.email, *sorted(n for n in self.names if len(n) >= MIN_NAME_LENGTH))


def _find_person(email: str) -> Person:
    person = Person(email=email)
    for entry in registry().values():
        model = entry.model
        rows = [entry.for_email(email)]
        if hasattr(model, "history"):
            rows.append(model.history.model.objects.filter(same_address(entry.email_field, email)))
        pks = person.pks.setdefault(model, set())
        name_field = entry.name_field
        for queryset in rows:
            concrete = {f.attname for f in queryset.model._meta.concrete_fields}
            columns = [model._meta.pk.attname, *([name_field] if name_field in concrete else [])]
            for values in queryset.values_list(*columns):
                pks.add(values[0])
                if len(values) > 1 and values[1]:
                    person.names.add(values[1].strip())
    return person


def _quoting(model: type[models.Model], terms: tuple[str, ...]) -> Q:
    """Rows where a text, char or JSON column quotes one of `terms` (case-insensitive).

    The database finds the candidates; Python keeps those that really quote a term. The
    database's case folding also reads some other letters as ASCII ones (PostgreSQL's UPPER
    turns the "ı" of "exımple.com" into "I"), which would reach, export and erase another
    person's rows (see `same_address`); Python's lower() does not."""
    columns = [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]
    candidates = Q(pk__in=[])
    for column in columns:
        for term in terms:
            candidates |= Q(**{f"{column}__icontains": term})
    lowered = [term.lower() for term in terms]
    pks = [
        pk
        for pk, *values in model._default_manager.filter(candidates).values_list("pk", *columns)
        if any(term in _text(value).lower() for value in values for term in lowered)
    ]
    return Q(pk__in=pks)


def _text(value) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return json.dumps(value, ensure_ascii=False, default=str)


AXES_LOGS = (AccessAttempt, AccessFailureLog, AccessLog)


def _traces(person: Person) -> dict[str, tuple[models.QuerySet, str]]:
    """{label: (rows, how to erase them)}: "delete" the rows or "scrub" their text. Rows are
    found by the address and the keys of the person's rows; task results (tracebacks, return
    values) also by the names they gave."""
    terms = (person.email,)
    found: dict[str, tuple[models.QuerySet, str]] = {}
    registered = {entry.model: entry for entry in registry().values()}
    for model in HISTORY_MODELS:
        history = model.history.model
        if model in registered:
            rows = history.objects.filter(
                Q(**{f"{model._meta.pk.attname}__in": person.pks.get(model, ())})
                | same_address(registered[model].email_field, person.email)
                | _quoting(history, terms)
            )
            found[history._meta.label_lower] = (rows, "delete")
        else:
            # Content (pages, events...): the version stays, the reason given for it does not.
            rows = history.objects.filter(
                Q(*(Q(history_change_reason__icontains=term) for term in terms), _connector=Q.OR)
            )
            found[history._meta.label_lower] = (rows, "scrub-reason")
    about = Q(_quoting(LogEntry, terms))
    for model, pks in person.pks.items():
        if pks:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            about |= Q(content_type=content_type, object_id__in=[str(pk) for pk in pks])
    found["admin.logentry"] = (LogEntry.objects.filter(about), "scrub-log")
    tasks = task_results.database_results()
    tasks = tasks.filter(_quoting(tasks.model, person.terms))
    found[tasks.model._meta.label_lower] = (tasks, "delete")
    for model in AXES_LOGS:
        found[model._meta.label_lower] = (model.objects.filter(_quoting(model, terms)), "delete")
    return found


def _erase_trace(rows: models.QuerySet, how: str, terms: tuple[str, ...]) -> int:
    if how == "scrub-log":
        return scrub_admin_log(rows, terms)
    if how == "scrub-reason":
        return rows.update(history_change_reason="")
    pks = list(rows.values_list("pk", flat=True))
    rows.model._default_manager.filter(pk__in=pks).delete()
    return len(pks)


def export_for_email(email: str) -> dict:
    """Every registered row about `email`, by model, and their traces in other tables
    (history, admin log, task results, login logs); serialise with DjangoJSONEncoder."""
    email = email.strip()
    records = {}
    for label, entry in sorted(registry().items()):
        rows = [_row(entry, obj) for obj in entry.for_email(email)]
        if rows:
            records[label] = rows
    person = _find_person(email)
    for label, (queryset, _how) in sorted(_traces(person).items()):
        rows = [_values(obj) for obj in queryset]
        if rows:
            records[label] = rows
    jobs = task_results.rq_jobs_quoting(person.terms)
    if jobs:
        records[task_results.RQ_LABEL] = jobs
    return {"email": email, "exported_at": timezone.now(), "records": records}


def erase_for_email(email: str) -> dict[str, int]:
    """Delete (or anonymise) every registered row about `email`, and its traces in other
    tables; {model: count}. Each registered kind first does what its `before_erase` says
    (an active event registration is cancelled through the service: its place goes to the
    waiting list)."""
    email = email.strip()
    counts = {}
    with transaction.atomic():
        person = _find_person(email)
        for label, entry in registry().items():
            if entry.before_erase is not None:
                entry.before_erase(entry.for_email(email))
            count = entry.remove(entry.for_email(email))
            if count:
                counts[label] = count
        # After the rows: cancelling and deleting them record versions and log lines too.
        for label, (queryset, how) in _traces(person).items():
            count = _erase_trace(queryset, how, (person.email,))
            if count:
                counts[label] = count
        jobs = task_results.rq_jobs_quoting(person.terms)
        if jobs:
            counts[task_results.RQ_LABEL] = task_results.rq_jobs_delete_after_commit(jobs)
    logger.info("personal data erased on request: %s", counts)
    return counts


def email_hmac(email: str) -> str:
    """The address as the log of requests keeps it: an HMAC keyed by a secret
    (PERSONAL_DATA_HMAC_KEY, else derived from SECRET_KEY), so a repeated request can be
    recognised but nobody can test a guessed address against the log without the key."""
    key = settings.PERSONAL_DATA_HMAC_KEY or settings.SECRET_KEY
    return salted_hmac(
        "portal.core.privacy.email", email.strip().lower(), secret=key, algorithm="sha256"
    ).hexdigest()


def retention_purge(*, dry_run: bool, now: datetime | None = None) -> dict[str, int]:
    """Delete or anonymise what is past its retention period; {model: count}. With
    `dry_run`, only count. Logged either way."""
    now = now or timezone.now()
    counts = {}
    with transaction.atomic():
        for label, entry in registry().items():
            cutoff = now - timedelta(days=entry.retention_days)
            expired = entry.expired(entry.model._default_manager.all(), cutoff)
            count = expired.count() if dry_run else entry.remove(expired)
            counts[label] = count
            if not dry_run and hasattr(entry.model, "history"):
                # Versions older than the period go too, also those of rows still kept.
                history_prune(entry.model, before=cutoff)
    # Run every minute by the worker: a line only when something was (or would be) removed.
    log = logger.info if any(counts.values()) else logger.debug
    log("retention purge%s: %s", " (dry run)" if dry_run else "", counts)
    return counts
