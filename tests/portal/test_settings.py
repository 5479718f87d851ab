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


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


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
        "django.core.cache.backends.redis.RedisCache",
        "django.core.mail.backends.smtp.EmailBackend",
    ], result.stderr


def test_behind_a_proxy_ssl_redirect_can_be_turned_off():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {**PROD_ENV, "DJANGO_BEHIND_PROXY": "1", "DJANGO_SECURE_SSL_REDIRECT": "0"}
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.strip() == "False ('HTTP_X_FORWARDED_PROTO', 'https')", result.stderr
