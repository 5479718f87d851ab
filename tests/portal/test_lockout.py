"""django-axes locks the admin login after AXES_FAILURE_LIMIT failures, with a proper page."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


@pytest.fixture
def staff():
    return get_user_model().objects.create_user(
        "officer", "officer@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def attempt(client, password, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": "officer", "password": password, "next": reverse("admin:index")},
        **headers,
    )


def test_admin_login_locks_out_after_the_failure_limit(client, axes_on, staff):
    limit = axes_on.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = attempt(client, "wrong")
        assert response.status_code == 200  # the login form again, with its error
        assert "Please enter the correct username and password" in response.text

    response = attempt(client, "wrong")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "<title>Too many failed login attempts" in response.text
    assert f"This account is locked after {limit} failed login attempts." in response.text
    assert "You can try again in 60 minutes." in response.text
    assert AccessAttempt.objects.get(username="officer").failures_since_start == limit

    # Locked: even the right password is refused, and no session is opened.
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_is_in_the_users_language(client, axes_on, staff):
    for _ in range(axes_on.AXES_FAILURE_LIMIT):
        response = attempt(client, "wrong", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert '<html lang="fr"' in response.text
    assert "Trop de tentatives de connexion échouées" in response.text
    assert "Ce compte est bloqué après 5 tentatives de connexion échouées." in response.text


def test_a_successful_login_before_the_limit_resets_the_count(client, axes_on, staff):
    for _ in range(axes_on.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="officer").exists()
