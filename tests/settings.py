"""Test settings: the real settings, with only what tests must change overridden."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from portal.settings import *  # noqa: F403

# Production-like security is on (DEBUG off), but the test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ratelimit",
    },
}
PAGE_CACHE_ENABLED = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A send inside a test's transaction: sender threads, on their own database connections,
# could not see its rows. The threaded path is tested with transactions committed
# (tests/newsletter/test_sending_threads.py) and in a real worker process (below).
NEWSLETTER_SMTP_CONNECTIONS = 1
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "portal.core.uploads.PrivateStorage",
        "OPTIONS": {
            "location": os.environ.get("TEST_PRIVATE_ROOT", "/tmp/portal-test-private")  # noqa: S108
        },
    },
}
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", "/tmp/portal-test-media")  # noqa: S108
AXES_ENABLED = False
# `admin_client` logs in with a password only; the two-factor tests turn this on.
ADMIN_REQUIRE_2FA = False

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: the worker and concurrency tests open their own connections.
    DATABASES["default"]["TEST"] = {"NAME": f"/tmp/portal-test-{os.getpid()}.sqlite3"}  # noqa: F405, S108

if os.environ.get("TEST_WORKER_SUBPROCESS"):
    # A real worker process started by a test: real task queue and SMTP (EMAIL_URL).
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    EMAIL_BACKEND = "portal.core.mail_smtp.EmailBackend"
    NEWSLETTER_SMTP_CONNECTIONS = env.int("NEWSLETTER_SMTP_CONNECTIONS", default=4)  # noqa: F405
