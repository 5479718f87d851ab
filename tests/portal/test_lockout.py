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


# --- the client address behind a proxy, and the per-username threshold


def test_a_forged_forwarded_for_from_an_untrusted_peer_does_not_reset_the_count(
    client, axes_on, staff
):
    axes_on.TRUSTED_PROXIES = []
    codes = [
        attempt(client, "wrong", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(axes_on.AXES_FAILURE_LIMIT)
    ]
    assert codes[-1].status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_behind_a_trusted_proxy_a_stranger_does_not_lock_out_the_staff_members_address(
    client, axes_on, staff
):
    axes_on.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(axes_on.AXES_FAILURE_LIMIT):
        response = attempt(client, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.66", **proxy)
    assert response.status_code == 429
    # The stranger cannot pass for the staff member by writing their address first.
    response = attempt(client, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.5, 198.51.100.66", **proxy)
    assert response.status_code == 429
    response = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.5", **proxy)
    assert response.status_code == 302  # the staff member's own address still logs in


def rotate(client, settings, count, first=1):
    """`count` wrong passwords, each from a new address."""
    for n in range(first, first + count):
        response = attempt(client, "wrong", REMOTE_ADDR=f"2001:db8:{n:x}::1")
    return response


def test_rotating_addresses_hits_the_higher_per_username_limit(client, axes_on, staff):
    axes_on.AXES_USERNAME_FAILURE_LIMIT = 12
    assert rotate(client, axes_on, 11).status_code == 200
    response = rotate(client, axes_on, 1, first=100)
    assert response.status_code == 429
    assert "locked after 12 failed login attempts from several addresses" in response.text
    assert "You can try again in 15 minutes." in response.text
    assert "manage.py axes_reset_username" in response.text
    # Locked everywhere, even with the right password from an address never used before.
    assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_username_lock_is_short(client, axes_on, staff):
    import time_machine

    axes_on.AXES_USERNAME_FAILURE_LIMIT = 12
    axes_on.AXES_USERNAME_COOLOFF_MINUTES = 15
    with time_machine.travel("2030-01-01 10:00", tick=False):
        rotate(client, axes_on, 12)
        assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 429
    with time_machine.travel("2030-01-01 10:16", tick=False):
        assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 302


def test_another_administrator_unlocks_the_username_at_once(client, axes_on, staff):
    from django.core.management import call_command

    axes_on.AXES_USERNAME_FAILURE_LIMIT = 12
    rotate(client, axes_on, 12)
    assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 429
    call_command("axes_reset_username", "officer")
    assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 302


def test_the_lockout_page_says_how_to_be_unlocked_in_french(client, axes_on, staff):
    axes_on.AXES_USERNAME_FAILURE_LIMIT = 12
    rotate(client, axes_on, 12)
    response = attempt(client, "wrong", REMOTE_ADDR="198.51.100.1", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert "12 tentatives de connexion échouées depuis plusieurs adresses" in response.text
    assert "Vous pourrez réessayer dans 15 minutes." in response.text
    assert "demandez à un autre administrateur" in response.text
