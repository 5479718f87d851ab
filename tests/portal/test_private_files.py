"""Private files that no row references are removed after a grace period, and reported."""

import logging
import os
import time
from io import StringIO

import pytest
from django.core.management import call_command

from portal.core.periodic import periodic_task_paths
from portal.core.private_files import orphans_sweep
from portal.core.tasks import sweep_orphaned_private_files
from portal.core.uploads import private_storage
from tests.conftest import stored_files
from tests.portal import documents
from tests.registrations.test_review import make_application

pytestmark = pytest.mark.django_db


def age(directory, name: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(directory / name, (then, then))


@pytest.fixture
def files(private_dir, settings):
    """An old orphan, a young orphan, a referenced CV and a CV only a history row names."""
    settings.PRIVATE_FILES_GRACE_HOURS = 24
    storage = private_storage()
    application = make_application()
    replaced = application.cv.name
    application.cv = documents.upload(documents.PDF)
    application.save()  # the earlier version, in the history, still names `replaced`
    names = {
        "old orphan": storage.save("cv/old.pdf", documents.upload(documents.PDF)),
        "young orphan": storage.save("cv/young.pdf", documents.upload(documents.PDF)),
        "referenced": application.cv.name,
        "in history": replaced,
    }
    for key, name in names.items():
        age(private_dir, name, 1 if key == "young orphan" else 48)
    return names


def test_sweep_removes_an_old_unreferenced_file_and_keeps_the_others(files, private_dir, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.core.private_files"):
        removed = orphans_sweep(dry_run=False)
    assert removed == [files["old orphan"]]
    kept = sorted(v for k, v in files.items() if k != "old orphan")
    assert stored_files(private_dir) == kept
    assert "removed 1 that no row references: cv/old.pdf" in caplog.text


def test_dry_run_reports_without_removing(files, private_dir):
    out = StringIO()
    call_command("sweep_private_files", stdout=out)
    assert "cv/old.pdf: would be removed (dry run; --apply to do it)" in out.getvalue()
    assert len(stored_files(private_dir)) == 4
    call_command("sweep_private_files", "--apply", stdout=out)
    assert "cv/old.pdf: removed" in out.getvalue()
    assert len(stored_files(private_dir)) == 3


def test_sweep_is_a_periodic_task_reporting_what_it_removed(files, settings):
    assert "portal.core.tasks.sweep_orphaned_private_files" in periodic_task_paths()
    result = sweep_orphaned_private_files.enqueue()
    assert result.return_value == [files["old orphan"]]


def test_sweep_with_no_private_directory_yet_removes_nothing(private_dir):
    assert not private_dir.exists()
    assert orphans_sweep(dry_run=False) == []


def test_sweep_removes_kept_cvs_after_their_shorter_max_age(private_dir, settings):
    """A CV kept across a failed submit goes after KEPT_CV_MAX_AGE_HOURS, not the grace."""
    settings.PRIVATE_FILES_GRACE_HOURS = 24
    settings.KEPT_CV_MAX_AGE_HOURS = 2
    storage = private_storage()
    old_kept = storage.save("kept-cv/old.pdf", documents.upload(documents.PDF))
    young_kept = storage.save("kept-cv/young.pdf", documents.upload(documents.PDF))
    orphan = storage.save("cv/orphan.pdf", documents.upload(documents.PDF))
    age(private_dir, old_kept, 3)
    age(private_dir, young_kept, 1)
    age(private_dir, orphan, 3)
    assert orphans_sweep(dry_run=False) == [old_kept]
    assert stored_files(private_dir) == sorted([orphan, young_kept])
