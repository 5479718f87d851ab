"""django-axes locks the admin login after AXES_FAILURE_LIMIT failures, with a proper page."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.portal.factories import STAFF_PASSWORD as PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


def attempt(client, password, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": "superuser", "password": password, "next": reverse("admin:index")},
        **headers,
    )


def test_admin_login_locks_out_after_the_failure_limit(client, axes_on, superuser):
    limit = axes_on.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = attempt(client, "wrong")
        assert response.status_code == 200  # the login form again, with its error
        assert "Please enter the correct username and password" in response.text

    response = attempt(client, "wrong")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert "<title>Too many failed login attempts" in response.text
    assert (
        f"This user name is blocked from your address after {limit} failed login attempts."
        in response.text
    )
    assert "You can try again in 60 minutes." in response.text
    assert "ask another administrator to unlock it." in response.text
    # Whoever is locked out is not shown the server's commands.
    assert "manage.py" not in response.text
    assert "axes_reset" not in response.text
    assert AccessAttempt.objects.get(username="superuser").failures_since_start == limit

    # Locked: even the right password is refused, and no session is opened.
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_is_in_the_users_language(client, axes_on, superuser):
    for _ in range(axes_on.AXES_FAILURE_LIMIT):
        response = attempt(client, "wrong", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert '<html lang="fr"' in response.text
    assert "Trop de tentatives de connexion échouées" in response.text
    assert (
        "Ce nom d’utilisateur est bloqué depuis votre adresse après 5 tentatives de connexion "
        "échouées." in response.text
    )
    assert "Vous pourrez réessayer dans 60 minutes." in response.text
    assert "demandez à un autre administrateur de vous débloquer." in response.text
    assert "manage.py" not in response.text


def test_a_successful_login_before_the_limit_resets_the_count(client, axes_on, superuser):
    for _ in range(axes_on.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="superuser").exists()


# --- the client address behind a proxy, and the per-username threshold


def test_a_forged_forwarded_for_from_an_untrusted_peer_does_not_reset_the_count(
    client, axes_on, superuser
):
    axes_on.TRUSTED_PROXIES = []
    codes = [
        attempt(client, "wrong", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(axes_on.AXES_FAILURE_LIMIT)
    ]
    assert codes[-1].status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_behind_a_trusted_proxy_a_stranger_does_not_lock_out_the_staff_members_address(
    client, axes_on, superuser
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


def test_rotating_addresses_hits_the_higher_per_username_limit(client, axes_on, superuser):
    axes_on.AXES_USERNAME_FAILURE_LIMIT = 12
    assert rotate(client, axes_on, 11).status_code == 200
    response = rotate(client, axes_on, 1, first=100)
    assert response.status_code == 429
    assert (
        "This user name is blocked after 12 failed login attempts from several addresses."
        in response.text
    )
    assert "You can try again in 15 minutes." in response.text
    assert "ask another administrator to unlock it." in response.text
    assert "manage.py" not in response.text
    # Locked everywhere, even with the right password from an address never used before.
    assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_username_lock_is_short(client, axes_on, superuser):
    import time_machine

    axes_on.AXES_USERNAME_FAILURE_LIMIT = 12
    axes_on.AXES_USERNAME_COOLOFF_MINUTES = 15
    with time_machine.travel("2030-01-01 10:00", tick=False):
        rotate(client, axes_on, 12)
        assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 429
    with time_machine.travel("2030-01-01 10:16", tick=False):
        assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 302


def test_another_administrator_unlocks_the_username_at_once(client, axes_on, superuser):
    from django.core.management import call_command

    axes_on.AXES_USERNAME_FAILURE_LIMIT = 12
    rotate(client, axes_on, 12)
    assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 429
    call_command("axes_reset_username", "superuser")
    assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.200").status_code == 302


def test_the_lockout_page_says_how_to_be_unlocked_in_french(client, axes_on, superuser):
    axes_on.AXES_USERNAME_FAILURE_LIMIT = 12
    rotate(client, axes_on, 12)
    response = attempt(client, "wrong", REMOTE_ADDR="198.51.100.1", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert (
        "Ce nom d’utilisateur est bloqué après 12 tentatives de connexion échouées depuis "
        "plusieurs adresses." in response.text
    )
    assert "Vous pourrez réessayer dans 15 minutes." in response.text
    assert "demandez à un autre administrateur de vous débloquer." in response.text
    assert "manage.py" not in response.text


# --- an IPv6 /64 is one address, as for the rate limits


def test_addresses_of_one_ipv6_64_count_as_one_address(client, axes_on, superuser):
    axes_on.AXES_USERNAME_FAILURE_LIMIT = 12
    codes = [
        attempt(client, "wrong", REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code
        for n in range(1, 13)
    ]
    # The fifth failure from the /64 locks it out, however many of its addresses are used.
    assert codes == [200] * 4 + [429] * 8
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"2001:db8:1:2::/64"}
    # So the attacker cannot reach the per-username limit and lock the staff member out.
    assert attempt(client, PASSWORD, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_tries_while_locked_out_do_not_count_towards_the_username_limit(client, axes_on, superuser):
    stranger = {"REMOTE_ADDR": "203.0.113.7"}
    codes = [attempt(client, "wrong", **stranger).status_code for _ in range(25)]
    limit = axes_on.AXES_FAILURE_LIMIT
    assert codes == [200] * (limit - 1) + [429] * (25 - limit + 1)
    assert AccessAttempt.objects.get(username="superuser").failures_since_start == limit
    # One address cannot reach AXES_USERNAME_FAILURE_LIMIT and lock the staff member out.
    assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.5").status_code == 302


# --- one address spraying a password over many usernames


def spray(client, count, first=0, **headers):
    return [
        client.post(
            reverse("admin:login"),
            {"username": f"user{n}", "password": "Summer2026!", "next": reverse("admin:index")},
            **headers,
        ).status_code
        for n in range(first, first + count)
    ]


def test_one_address_spraying_many_usernames_is_locked_out(client, axes_on, superuser):
    limit = axes_on.AXES_ADDRESS_FAILURE_LIMIT
    assert limit == 30  # the documented default
    sprayer = {"REMOTE_ADDR": "203.0.113.9"}
    codes = spray(client, 40, **sprayer)
    assert codes == [200] * (limit - 1) + [429] * (40 - limit + 1)
    response = client.post(
        reverse("admin:login"),
        {"username": "user99", "password": "x", "next": reverse("admin:index")},
        **sprayer,
    )
    assert response.status_code == 429
    assert (
        f"Your address is blocked after {limit} failed login attempts with various user names."
        in response.text
    )
    assert "You can try again in 60 minutes." in response.text
    assert "manage.py" not in response.text
    # The address is locked even with the right password ...
    assert attempt(client, PASSWORD, **sprayer).status_code == 429
    # ... and nobody else is: not the staff member, from their own address.
    assert attempt(client, PASSWORD, REMOTE_ADDR="198.51.100.5").status_code == 302


def test_the_address_lock_is_counted_per_64_and_said_in_french(client, axes_on, superuser):
    axes_on.AXES_ADDRESS_FAILURE_LIMIT = 6
    codes = [spray(client, 1, first=n, REMOTE_ADDR=f"2001:db8:5:6::{n + 1:x}")[0] for n in range(8)]
    assert codes == [200] * 5 + [429] * 3
    response = attempt(client, "wrong", REMOTE_ADDR="2001:db8:5:6::99", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert (
        "Votre adresse est bloquée après 6 tentatives de connexion échouées avec divers noms "
        "d’utilisateur." in response.text
    )


def test_the_address_lock_ends_after_the_cool_off(client, axes_on, superuser):
    import time_machine

    axes_on.AXES_ADDRESS_FAILURE_LIMIT = 6
    with time_machine.travel("2030-01-01 10:00", tick=False):
        assert spray(client, 6, REMOTE_ADDR="203.0.113.9")[-1] == 429
        assert attempt(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    with time_machine.travel("2030-01-01 11:01", tick=False):
        assert attempt(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


# --- a proxy on a Unix socket: REMOTE_ADDR is empty


def test_behind_a_unix_socket_proxy_each_visitor_has_their_own_lockout(client, axes_on, superuser):
    axes_on.TRUSTED_PROXIES = ["unix"]
    socket = {"REMOTE_ADDR": ""}
    for _ in range(axes_on.AXES_FAILURE_LIMIT):
        response = attempt(client, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.66", **socket)
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}
    response = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.5", **socket)
    assert response.status_code == 302


def test_an_unknown_address_is_recorded_without_failing_the_login(client, axes_on, superuser):
    """axes keeps addresses in an inet column on PostgreSQL, which refuses "unknown"."""
    axes_on.TRUSTED_PROXIES = []
    response = attempt(client, "wrong", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [None]


def test_another_administrator_unlocks_an_address_at_once(client, axes_on, superuser):
    from django.core.management import call_command

    axes_on.AXES_ADDRESS_FAILURE_LIMIT = 6
    spray(client, 6, REMOTE_ADDR="2001:db8:5:6::1")
    assert attempt(client, PASSWORD, REMOTE_ADDR="2001:db8:5:6::2").status_code == 429
    call_command("axes_reset_ip", "2001:db8:5:6::/64")  # as the README says
    assert attempt(client, PASSWORD, REMOTE_ADDR="2001:db8:5:6::2").status_code == 302
