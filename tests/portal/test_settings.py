"""Production configuration: environment only, strict by default, check --deploy clean."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROD_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=Path(settings.BASE_DIR),
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    # A database of its own: a developer's db.sqlite3 with the demo loaded holds demo
    # placeholders, which the check rightly warns about (tests/portal/test_demo_identity.py).
    env = {
        **PROD_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_URL": "smtp://mail.example.org:587/?tls=True",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_emails_would_only_be_printed(tmp_path):
    """Without EMAIL_URL, production printed every email, personal links included, to the
    log, and `check --deploy` said nothing (newcomer review)."""
    env = {**PROD_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = manage("check", "--deploy", env=env)
    assert "portal.W011" in result.stdout + result.stderr
    assert "EMAIL_URL" in result.stdout + result.stderr
    assert "portal.W011" not in manage("check", env=env).stderr  # only with --deploy


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    env = {k: v for k, v in PROD_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_missing_allowed_hosts_stops_start_up_with_a_clear_message():
    env = {k: v for k, v in PROD_ENV.items() if k != "DJANGO_ALLOWED_HOSTS"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_database_url_selects_postgresql_and_redis_url_selects_redis():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.EMAIL_BACKEND)"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        env={
            **PROD_ENV,
            "DATABASE_URL": "postgres://u@db.example:5432/portal",
            "REDIS_URL": "redis://cache.example:6379/0",
            "EMAIL_URL": "smtp://mail.example:1025",
        },
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "portal.core.redis_cache.FailOpenRedisCache",
        "portal.core.mail_smtp.EmailBackend",
    ], result.stderr


def test_behind_a_proxy_ssl_redirect_can_be_turned_off():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {**PROD_ENV, "DJANGO_BEHIND_PROXY": "1", "DJANGO_SECURE_SSL_REDIRECT": "0"}
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.strip() == "False ('HTTP_X_FORWARDED_PROTO', 'https')", result.stderr


def test_admin_login_protection_is_on_in_production():
    code = (
        "from django.conf import settings as s;"
        "print(s.AXES_ENABLED, s.AXES_FAILURE_LIMIT, s.ADMIN_REQUIRE_2FA,"
        " s.STAFF_SESSION_IDLE_MINUTES, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.AUTHENTICATION_BACKENDS[0], s.MIDDLEWARE[-1],"
        " 'django_otp.middleware.OTPMiddleware' in s.MIDDLEWARE)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PROD_ENV)
    assert result.stdout.split() == [
        "True",
        "5",
        "True",
        "30",
        "True",
        "True",
        "Lax",
        "axes.backends.AxesStandaloneBackend",
        "axes.middleware.AxesMiddleware",
        "True",
    ], result.stderr


def test_two_factor_is_optional_in_development_and_configurable():
    code = (
        "from django.conf import settings as s;"
        "print(s.ADMIN_REQUIRE_2FA, s.STAFF_SESSION_IDLE_MINUTES)"
    )
    result = manage("shell", "--no-imports", "-c", code, env={"DJANGO_DEBUG": "1"})
    assert result.stdout.split() == ["False", "30"], result.stderr
    env = {**PROD_ENV, "ADMIN_REQUIRE_2FA": "0", "STAFF_SESSION_IDLE_MINUTES": "10"}
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.split() == ["False", "10"], result.stderr


def test_axes_and_rate_limits_share_one_client_address_resolver():
    code = (
        "from django.conf import settings as s;"
        "print(s.AXES_CLIENT_IP_CALLABLE, s.TRUSTED_PROXIES, s.RATELIMIT_CACHE_ALIAS)"
    )
    env = {
        **PROD_ENV,
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_TRUSTED_PROXIES": "10.0.0.0/8,fd00::1,unix",
    }
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.split() == [
        "portal.core.client_address.axes_client_key",  # rate_limit_key's value: an IPv6 /64
        "['10.0.0.0/8',",
        "'fd00::1',",
        "'unix']",
        "ratelimit",
    ], result.stderr


def test_as_compose_sets_it_axes_ignores_a_forged_forwarded_for_from_any_peer():
    """DJANGO_BEHIND_PROXY=1 (compose) once made axes believe X-Forwarded-For from anyone."""
    code = (
        "from django.conf import settings as s; from django.test import RequestFactory;"
        "from django.utils.module_loading import import_string as i;"
        "r = RequestFactory().get('/', REMOTE_ADDR='203.0.113.7', HTTP_X_FORWARDED_FOR='1.2.3.4');"
        "f = s.AXES_CLIENT_IP_CALLABLE;"
        "print(i(f)(r) if f else r.META['REMOTE_ADDR'])"
    )
    result = manage(
        "shell", "--no-imports", "-c", code, env={**PROD_ENV, "DJANGO_BEHIND_PROXY": "1"}
    )
    assert result.stdout.strip() == "203.0.113.7", result.stderr


def test_a_malformed_trusted_proxy_stops_start_up_with_a_clear_message():
    env = {**PROD_ENV, "DJANGO_TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES" in result.stderr
    assert "proxy.local" in result.stderr


def setting(expression: str, env: dict[str, str]) -> str:
    """A production setting's value, evaluated in a fresh process with this environment."""
    code = f"from django.conf import settings; print({expression})"
    result = manage("shell", "-v", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_named():
    env = {
        **PROD_ENV,
        "MEDIA_S3_BUCKET": "portal-media",
        "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org",
    }
    assert setting("settings.STORAGES['default']['BACKEND']", env) == (
        "storages.backends.s3.S3Storage"
    )
    assert setting("settings.STORAGES['default']['OPTIONS']['bucket_name']", env) == (
        "portal-media"
    )
    assert setting("settings.STORAGES['default']['BACKEND']", PROD_ENV) == (
        "django.core.files.storage.FileSystemStorage"
    )


def test_page_cache_is_shared_by_every_process_with_or_without_redis():
    backend = "settings.CACHES['pages']['BACKEND']"
    assert setting(backend, PROD_ENV).endswith("FileBasedCache")
    with_redis = {**PROD_ENV, "REDIS_URL": "redis://127.0.0.1:6379/8"}
    assert setting(backend, with_redis).endswith("RedisCache")
    assert setting("settings.PAGE_CACHE_ENABLED", PROD_ENV) == "True"


def test_pages_and_rate_limit_counters_live_in_separate_redis_databases():
    locations = "[(a, c['LOCATION']) for a, c in sorted(settings.CACHES.items())]"
    env = {**PROD_ENV, "REDIS_URL": "redis://cache.example:6379/2"}
    assert setting(locations, env) == str(
        [
            ("default", "redis://cache.example:6379/2"),
            ("pages", "redis://cache.example:6379/3"),
            ("ratelimit", "redis://cache.example:6379/2"),
        ]
    )
    env["PAGE_CACHE_REDIS_URL"] = "redis://pages.example:6379/0"
    assert setting("settings.CACHES['pages']['LOCATION']", env) == "redis://pages.example:6379/0"
    assert setting("settings.RATELIMIT_CACHE_ALIAS", env) == "ratelimit"
    assert setting("settings.SESSION_ENGINE", env) == "django.contrib.sessions.backends.db"


def test_a_silent_postgresql_fails_within_the_connect_timeout():
    env = {**PROD_ENV, "DATABASE_URL": "postgres://u@db.example:5432/portal"}
    options = "settings.DATABASES['default']['OPTIONS']['connect_timeout']"
    assert setting(options, env) == "5"
    assert setting(options, {**env, "DATABASE_CONNECT_TIMEOUT": "2"}) == "2"
    env["DATABASE_URL"] += "?connect_timeout=9"
    assert setting(options, env) == "9"


def gunicorn_config(monkeypatch, **env: str) -> dict:
    import runpy

    for name in ("WEB_CONCURRENCY", "PORT", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))


def test_gunicorn_workers_follow_the_cpu_count_unless_set(monkeypatch):
    cpus = len(os.sched_getaffinity(0))
    assert gunicorn_config(monkeypatch)["workers"] == 2 * cpus + 1
    assert gunicorn_config(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3
    assert gunicorn_config(monkeypatch, WEB_CONCURRENCY="")["workers"] == 2 * cpus + 1
    assert gunicorn_config(monkeypatch, PORT="9000")["bind"] == "0.0.0.0:9000"


def test_compose_s_empty_variables_keep_the_defaults():
    """compose.yaml passes `SERVER_EMAIL: ${SERVER_EMAIL:-}`: empty must mean the default."""
    env = {**PROD_ENV, "SERVER_EMAIL": "", "DJANGO_ADMINS": "", "DEFAULT_FROM_EMAIL": "a@b.org"}
    assert setting("(settings.SERVER_EMAIL, settings.ADMINS)", env) == "('a@b.org', [])"
