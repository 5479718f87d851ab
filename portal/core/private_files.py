"""Private files (CVs) that no row references, and so that neither erasure nor retention
would ever remove: left by a request that lost the race for the same one-time form key, by
a save that failed or was rolled back, or by a crash between writing and committing.

- `kept_only_if_referenced()`: around a service that saves private files; when it ends
  (after the commit), the files it wrote that no row references are deleted at once.
- `orphans_sweep(dry_run=...)`: the periodic task `portal.core.tasks.sweep_orphaned_private_files`
  (and `manage.py sweep_private_files`) removes every private file that no row references
  once it is older than settings.PRIVATE_FILES_GRACE_HOURS (younger ones may belong to a
  save still under way), and reports what it removed. A CV kept across a failed submit
  (`kept-cv/`, registrations/kept_cv.py) is never referenced: it goes after the shorter
  settings.KEPT_CV_MAX_AGE_HOURS, when its token expires.

"Referenced" means named by a FileField on private storage, or by the copy of such a field
in a history table (portal/core/history.py): a version staff can revert to keeps its file.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from portal.core.uploads import WRITTEN, PrivateStorage, private_storage

# The folder of the CVs kept across a failed submit (registrations/kept_cv.py).
KEPT_CV_FOLDER = "kept-cv"

logger = logging.getLogger(__name__)


def referencing_columns() -> list[tuple[type[models.Model], str]]:
    """(model, column) for every column that holds the name of a private file."""
    columns = []
    for model in apps.get_models():
        # A simple-history table copies its model's fields (a FileField as text).
        source = getattr(model, "instance_type", model)
        for field in source._meta.concrete_fields:
            if isinstance(field, models.FileField) and isinstance(field.storage, PrivateStorage):
                columns.append((model, field.attname))
    return columns


def referenced(names: list[str]) -> set[str]:
    """Which of these private file names a row references."""
    found = set()
    columns = referencing_columns()
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        for model, column in columns:
            rows = model._default_manager.filter(**{f"{column}__in": chunk})
            found.update(rows.values_list(column, flat=True))
    return found


@contextmanager
def kept_only_if_referenced() -> Iterator[None]:
    """Delete the private files written inside the block that no row references when it
    ends: the losing request of a race, a failed save, a rolled-back transaction. Inside an
    outer transaction the check waits for its commit; if that rolls back instead, the
    sweep removes the files after the grace period."""
    written: list[tuple[Storage, str]] = []
    token = WRITTEN.set(written)
    try:
        yield
    finally:
        WRITTEN.reset(token)
        if written:
            transaction.on_commit(lambda: _discard_unreferenced(written))


def _discard_unreferenced(written: list[tuple[Storage, str]]) -> None:
    try:
        keep = referenced([name for _storage, name in written])
    except DatabaseError:
        logger.warning("Database unavailable: %d private file(s) left to the sweep", len(written))
        return
    for storage, name in written:
        if name not in keep:
            storage.delete(name)
            logger.info("Deleted private file %s: no row references it", name)


def _walk(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{path}{name}"
    for directory in directories:
        yield from _walk(storage, f"{path}{directory}/")


def orphans_sweep(*, dry_run: bool) -> list[str]:
    """Remove (or, dry run, list) the private files older than the grace period that no row
    references; return their names (random, nothing personal) and log them."""
    storage = private_storage()
    now = timezone.now()
    cutoff = now - timedelta(hours=settings.PRIVATE_FILES_GRACE_HOURS)
    kept_cutoff = now - timedelta(hours=settings.KEPT_CV_MAX_AGE_HOURS)

    def is_old(name: str) -> bool:
        limit = kept_cutoff if name.startswith(f"{KEPT_CV_FOLDER}/") else cutoff
        return storage.get_modified_time(name) < limit

    old = sorted(name for name in _walk(storage) if is_old(name))
    keep = referenced(old)
    orphans = [name for name in old if name not in keep]
    if not dry_run:
        for name in orphans:
            storage.delete(name)
    if orphans:
        verb = "would remove (dry run)" if dry_run else "removed"
        logger.warning(
            "Orphaned private files: %s %d that no row references: %s",
            verb, len(orphans), ", ".join(orphans),
        )  # fmt: skip
    return orphans
