"""Demo placeholders in the site settings: known, flagged to staff, and warned about by a
system check in production (portal.W010) until replaced."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from portal.core.checks import demo_identity_check
from portal.core.models import SiteSettings, SocialLink
from portal.site import demo

PROD_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
}


def manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=Path(django_settings.BASE_DIR),
        env={
            **clean,
            **PROD_ENV,
            "DATABASE_URL": database_url,
            "EMAIL_URL": "smtp://mail.example.org",
        },
        capture_output=True,
        text=True,
        check=False,
    )


def real_identity(site: SiteSettings) -> None:
    site.organisation_name_en = "IOM Belgium and Luxembourg"
    site.organisation_name_fr = "OIM Belgique et Luxembourg"
    site.address_en = site.address_fr = "Rue Montoyer 40\n1000 Brussels"
    site.contact_email = "diaspora@iom.int"
    site.phone = "+32 2 287 70 00"
    site.save()
    SocialLink.objects.update(url="https://www.linkedin.com/company/iom")


@pytest.mark.django_db
def test_demo_identity_is_recognised_field_by_field():
    demo.load()
    site = SiteSettings.objects.get()
    assert site.placeholders() == [
        "organisation name", "postal address", "contact email",
    ]  # fmt: skip
    real_identity(site)
    assert site.placeholders() == []


@pytest.mark.django_db
def test_an_example_domain_anywhere_is_a_placeholder():
    site = SiteSettings.load()
    real_identity(site)
    site.contact_email = "office@mail.example.com"
    assert site.placeholders() == ["contact email"]
    site.contact_email = "office@portal.test"
    assert site.placeholders() == ["contact email"]


@pytest.mark.django_db
def test_production_check_warns_while_demo_placeholders_are_in_place(settings):
    settings.DEBUG = False
    demo.load()
    [warning] = demo_identity_check()
    assert warning.id == "portal.W010"
    assert "organisation name, postal address, contact email" in warning.msg
    real_identity(SiteSettings.objects.get())
    assert demo_identity_check() == []


@pytest.mark.django_db
def test_check_is_silent_in_development_and_without_settings_row(settings):
    demo.load()
    settings.DEBUG = True
    assert demo_identity_check() == []
    SiteSettings.objects.all().delete()
    settings.DEBUG = False
    assert demo_identity_check() == []


@pytest.mark.django_db
def test_staff_see_which_details_are_demo_placeholders(admin_client):
    demo.load()
    url = reverse("admin:portal_sitesettings_change", args=[1])
    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Ces informations sont des valeurs de démonstration" in html
    assert "Une adresse en example.org est une valeur de démonstration" in html


def test_check_deploy_is_clean_on_a_fresh_production_database(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert manage("migrate", "-v0", database_url=database_url).returncode == 0
    result = manage("check", "--deploy", "--fail-level", "WARNING", database_url=database_url)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_about_demo_content(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert manage("migrate", "-v0", database_url=database_url).returncode == 0
    code = "from portal.site import demo; demo.load()"
    assert manage("shell", "-c", code, database_url=database_url).returncode == 0
    result = manage("check", "--deploy", database_url=database_url)
    assert "portal.W010" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "database_url",
    ["sqlite:///{tmp}/never-migrated.sqlite3", "postgres://nobody@127.0.0.1:9/portal"],
    ids=["not-migrated", "unreachable"],
)
def test_check_says_nothing_when_the_database_is_not_there(tmp_path, database_url):
    result = manage("check", database_url=database_url.format(tmp=tmp_path))
    assert result.returncode == 0, result.stderr
    assert "portal.W010" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
