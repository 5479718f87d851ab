import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from portal.core.roles import EDITORS, PROGRAMME_OFFICERS
from tests.portal.factories import StaffFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches (site settings, rate limits, pages)."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request to a /fr/ page leaves French active in the thread; start each test in English."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def private_dir(tmp_path, settings, monkeypatch):
    """Private files (CVs) are stored in a fresh directory, so a test sees only its own."""
    from django.apps import apps
    from django.db import models

    from portal.core.uploads import PrivateStorage, private_storage

    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "portal.core.uploads.PrivateStorage",
            "OPTIONS": {"location": location},
        },
    }
    for model in apps.get_models():  # a FileField resolved its storage when it was defined
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and isinstance(field.storage, PrivateStorage):
                monkeypatch.setattr(field, "storage", private_storage())
    return location


def stored_files(directory) -> list[str]:
    """The files under `directory`, as storage names (`cv/….pdf`)."""
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


# Staff accounts (tests/portal/factories.py StaffFactory; password STAFF_PASSWORD). pytest-django's
# admin_user / admin_client remain the superuser already signed in.


@pytest.fixture
def editor(db):
    """Staff in the Editors group: content, no personal data."""
    return StaffFactory(username="editor", role=EDITORS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def programme_officer(db):
    """Staff in the Programme officers group: registrations and personal-data requests."""
    return StaffFactory(username="officer", role=PROGRAMME_OFFICERS)


@pytest.fixture
def staff_without_role(db):
    """is_staff, but in no group and with no permission."""
    return StaffFactory(username="staff")


@pytest.fixture
def superuser(db):
    """A superuser with a password and no second factor yet."""
    return StaffFactory(username="superuser", superuser=True)


@pytest.fixture
def superuser_with_second_factor(db):
    """A superuser with a password and a confirmed authenticator."""
    return StaffFactory(username="boss", superuser=True, second_factor=True)
