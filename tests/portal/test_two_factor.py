"""Admin login protection: a second factor for staff (django-otp), backup codes, idle expiry."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.staff_auth.services import backup_codes_create
from tests.portal.factories import STAFF_PASSWORD as PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.ADMIN_REQUIRE_2FA = True
    return settings


@pytest.fixture
def authenticator(superuser):
    return TOTPDevice.objects.create(user=superuser, name="authenticator", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """What the phone app shows now for this device."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def log_in_with_password(client, username="superuser", password=PASSWORD, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        follow=True,
        **headers,
    )


def final_path(response) -> str:
    return (
        response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]
    )


# -- required: staff without a second factor cannot reach the admin ---------------------------


def test_staff_without_a_device_is_led_to_enrolment_not_to_the_admin(client, required, superuser):
    response = log_in_with_password(client)
    assert final_path(response).startswith(reverse("admin:two-factor-setup"))
    assert response.status_code == 200
    assert "Set up two-factor authentication" in response.text
    # No admin page opens with the password alone.
    for url in (reverse("admin:index"), reverse("admin:portal_page_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_force_logged_in_staff_without_code_is_refused(client, required, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_second_factor_pages_need_the_password_step_first(client, required):
    for name in ("admin:two-factor-setup", "admin:two-factor-verify"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


# -- enrolment ---------------------------------------------------------------------------------


def test_enrolment_with_a_code_from_the_app_turns_on_two_factor(client, required, superuser):
    log_in_with_password(client)
    page = client.get(reverse("admin:two-factor-setup"))
    assert "<svg" in page.text and 'role="img"' in page.text and "<script>" not in page.text
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    # The secret typed by hand is the device's key.
    secret = re.search(r'class="totp-secret"><code>([A-Z2-7 ]+)</code>', page.text).group(1)
    assert secret.replace(" ", "") in device.config_url

    response = client.post(
        reverse("admin:two-factor-setup"), {"code": code_for(device)}, follow=True
    )

    device.refresh_from_db()
    assert device.confirmed
    assert final_path(response).startswith(reverse("admin:two-factor-backup-codes"))
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.text)
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=superuser).values_list("token", flat=True)
    )
    assert client.get(reverse("admin:index")).status_code == 200


def test_enrolment_rejects_a_wrong_code_with_an_error_summary(client, required, superuser):
    log_in_with_password(client)
    client.get(reverse("admin:two-factor-setup"))
    response = client.post(reverse("admin:two-factor-setup"), {"code": "000000x"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_code"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert not TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()
    assert client.get(reverse("admin:index")).status_code == 302


def test_enrolment_page_keeps_the_same_secret_until_confirmed(client, required, superuser):
    log_in_with_password(client)
    client.get(reverse("admin:two-factor-setup"))
    client.get(reverse("admin:two-factor-setup"))
    assert TOTPDevice.objects.filter(user=superuser).count() == 1


def test_backup_codes_are_shown_only_once(client, required, superuser):
    log_in_with_password(client)
    client.get(reverse("admin:two-factor-setup"))
    device = TOTPDevice.objects.get(user=superuser)
    first = client.post(reverse("admin:two-factor-setup"), {"code": code_for(device)}, follow=True)
    assert "shown only once" in first.text
    again = client.get(reverse("admin:two-factor-backup-codes"))
    assert "<li><code>" not in again.text
    assert "You have 10 unused backup codes." in again.text


def test_new_backup_codes_replace_the_old_ones(client, required, superuser, authenticator):
    old = backup_codes_create(user=superuser)
    log_in_with_password(client)
    client.post(reverse("admin:two-factor-verify"), {"code": code_for(authenticator)})
    response = client.post(reverse("admin:two-factor-backup-codes"), follow=True)
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.text)
    assert len(new) == 10
    assert not StaticToken.objects.filter(token__in=old).exists()


# -- login with password + code -----------------------------------------------------------------


def test_login_needs_the_password_and_then_a_code(client, required, superuser, authenticator):
    response = log_in_with_password(client)
    assert final_path(response).startswith(reverse("admin:two-factor-verify"))
    assert client.get(reverse("admin:index")).status_code == 302

    response = client.post(
        reverse("admin:two-factor-verify"),
        {"code": code_for(authenticator), "next": reverse("admin:portal_page_changelist")},
    )
    assert response["Location"] == reverse("admin:portal_page_changelist")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_keeps_the_admin_closed(client, required, superuser, authenticator):
    log_in_with_password(client)
    wrong = f"{(int(code_for(authenticator)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("admin:two-factor-verify"), {"code": wrong})
    assert response.status_code == 200
    assert "This code is not valid" in response.text
    assert client.get(reverse("admin:index")).status_code == 302


def test_verify_does_not_redirect_to_another_site(client, required, superuser, authenticator):
    log_in_with_password(client)
    response = client.post(
        reverse("admin:two-factor-verify"),
        {"code": code_for(authenticator), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("admin:index")


def test_a_backup_code_works_once(client, required, superuser, authenticator):
    code = backup_codes_create(user=superuser)[0]
    log_in_with_password(client)
    response = client.post(reverse("admin:two-factor-verify"), {"code": code.upper()}, follow=True)
    assert "You used a backup code; 9 left." in response.text
    assert client.get(reverse("admin:index")).status_code == 200

    client.post(reverse("admin:logout"))
    log_in_with_password(client)
    response = client.post(reverse("admin:two-factor-verify"), {"code": code})
    assert response.status_code == 200
    assert "This code is not valid" in response.text
    assert client.get(reverse("admin:index")).status_code == 302


def test_log_out_from_the_code_step(client, required, superuser, authenticator):
    log_in_with_password(client)
    response = client.post(reverse("admin:two-factor-cancel"))
    assert response["Location"] == reverse("admin:login")
    assert "_auth_user_id" not in client.session


def test_reset_command_sends_the_user_back_to_enrolment(client, required, superuser, authenticator):
    backup_codes_create(user=superuser)
    call_command("reset_two_factor", "superuser", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert not StaticDevice.objects.filter(user=superuser).exists()
    response = log_in_with_password(client)
    assert final_path(response).startswith(reverse("admin:two-factor-setup"))


def test_password_alone_opens_the_admin_when_two_factor_is_off(client, settings, superuser):
    settings.ADMIN_REQUIRE_2FA = False
    response = log_in_with_password(client)
    assert final_path(response) == reverse("admin:index")
    assert response.status_code == 200
    assert "Content and registrations" in response.text


def test_second_factor_pages_are_in_french(client, required, superuser, authenticator):
    log_in_with_password(client, HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post(
        reverse("admin:two-factor-verify"), {"code": "nope"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert '<html lang="fr"' in response.text
    assert "Saisissez votre code" in response.text
    assert "Ce code n’est pas valide" in response.text
    TOTPDevice.objects.all().delete()
    response = client.get(reverse("admin:two-factor-setup"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Configurer l’authentification à deux facteurs" in response.text


# -- staff sessions expire after inactivity -----------------------------------------------------


def test_staff_session_ends_after_the_idle_time(client, settings, superuser):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(superuser)
        assert client.get(reverse("admin:index")).status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("admin:index")).status_code == 200  # activity resets it
        traveller.shift(timedelta(minutes=29))
        assert client.get(reverse("admin:index")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_password_login_starts_the_idle_clock(client, settings, superuser):
    settings.STAFF_SESSION_IDLE_MINUTES = 15
    log_in_with_password(client)
    assert client.session.get_expiry_age() == 15 * 60
    assert client.cookies["sessionid"]["max-age"] == 15 * 60


def test_an_older_long_lived_staff_session_is_ended_with_a_message(client, settings, superuser):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(superuser)
        client.get(reverse("admin:index"))
        session = client.session
        session.set_expiry(14 * 24 * 3600)  # as saved before the idle limit existed
        session.save()
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("admin:index"), follow=True)
    assert final_path(response).startswith(reverse("admin:login"))
    assert "You were logged out after 30 minutes of inactivity." in response.text
    assert "_auth_user_id" not in client.session


def test_sessions_of_people_who_are_not_staff_keep_the_default_age(client, settings):
    member = get_user_model().objects.create_user("member", password=PASSWORD)
    client.force_login(member)
    assert client.get(reverse("admin:login")).status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert "staff_last_activity" not in client.session


# -- wrong codes are throttled ------------------------------------------------------------------


def test_quick_retries_after_a_wrong_code_must_wait(client, required, superuser, authenticator):
    log_in_with_password(client)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        wrong = f"{(int(code_for(authenticator)) + 1) % 1_000_000:06d}"
        client.post(reverse("admin:two-factor-verify"), {"code": wrong})
        response = client.post(
            reverse("admin:two-factor-verify"), {"code": code_for(authenticator)}
        )
        assert "Too many wrong codes. Wait 1 second, then try again." in response.text
        assert client.get(reverse("admin:index")).status_code == 302
        traveller.shift(timedelta(seconds=2))
        client.post(reverse("admin:two-factor-verify"), {"code": code_for(authenticator)})
        assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_backup_code_does_not_hold_up_the_app_code(
    client, required, superuser, authenticator
):
    backup_codes_create(user=superuser)
    log_in_with_password(client)
    client.post(reverse("admin:two-factor-verify"), {"code": "zzzzzzzz"})
    client.post(reverse("admin:two-factor-verify"), {"code": code_for(authenticator)})
    assert client.get(reverse("admin:index")).status_code == 200


# -- reset from the admin -----------------------------------------------------------------------


def test_admin_action_resets_a_users_second_factor(admin_client, superuser, authenticator):
    backup_codes_create(user=superuser)
    changelist = reverse("admin:auth_user_changelist")
    assert admin_client.get(changelist).status_code == 200
    response = admin_client.post(
        changelist,
        {"action": "reset_two_factor", "_selected_action": [superuser.pk]},
        follow=True,
    )
    assert "Two-factor authentication reset for 1 user" in response.text
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert not StaticToken.objects.filter(device__user=superuser).exists()


def test_device_secrets_are_not_in_the_admin(admin_client):
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)


# -- staff previews outside the admin ---------------------------------------------------------


def test_draft_previews_need_the_second_factor_too(client, required, superuser, authenticator):
    from newsletter.models import Issue
    from tests.newsletter.factories import ArticleFactory, IssueFactory

    article = ArticleFactory(issue=IssueFactory(status=Issue.Status.DRAFT))
    log_in_with_password(client)
    assert client.get(article.get_absolute_url()).status_code == 404
    client.post(reverse("admin:two-factor-verify"), {"code": code_for(authenticator)})
    # The draft's public URL leads to its preview.
    assert client.get(article.get_absolute_url(), follow=True).status_code == 200
