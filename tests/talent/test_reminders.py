"""The yearly "still interested?" email and its link: once per profile, in the member's
language; GET asks, POST confirms; a failed email loses nothing."""

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone

from portal.core.periodic import periodic_task_paths
from talent import services
from talent.models import ExpertProfile
from talent.tokens import make_token
from tests.talent.factories import ExpertProfileFactory
from tests.talent.helpers import url

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def due(**kwargs) -> ExpertProfile:
    return ExpertProfileFactory(confirmed_at=timezone.now() - timedelta(days=366), **kwargs)


def confirm_link(message) -> str:
    return re.search(
        r"https?://\S+/(?:still-interested|toujours-interesse)\S*/", message.body
    ).group(0)


def test_the_task_is_periodic():
    assert "talent.tasks.send_still_interested_reminders" in periodic_task_paths()


def test_reminder_goes_once_to_profiles_unconfirmed_for_a_year():
    profile = due(language="en")
    ExpertProfileFactory(confirmed_at=timezone.now() - timedelta(days=300))
    assert services.reminders_send() == {"sent": 1, "failed": 0}
    assert [m.to for m in mail.outbox] == [[profile.email]]
    assert mail.outbox[0].subject == "Should we keep your expert profile?"
    profile.refresh_from_db()
    assert profile.reminder_sent_at is not None
    assert services.reminders_send() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_reminder_is_in_the_members_language_with_french_typography():
    due(language="fr", name="Awa")
    services.reminders_send()
    message = mail.outbox[0]
    assert message.subject == f"Devons-nous garder votre profil d’expert{NNBSP}?"
    assert "Bonjour Awa," in message.body
    assert f"Vous ne souhaitez plus figurer dans le vivier{NNBSP}?" in message.body
    assert "/fr/" in confirm_link(message)
    html = message.alternatives[0][0]
    assert "Garder mon profil" in html


def test_a_failed_email_keeps_the_profile_and_is_tried_again(settings):
    profile = due()
    settings.EMAIL_BACKEND = "tests.talent.test_reminders.FailingBackend"
    assert services.reminders_send() == {"sent": 0, "failed": 1}
    profile.refresh_from_db()
    assert profile.reminder_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.reminders_send() == {"sent": 1, "failed": 0}


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_email_once():
    due()
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(services.reminders_send())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r["sent"] for r in results) == 1
    assert len(mail.outbox) == 1


def test_opening_the_link_confirms_nothing_and_the_button_does(client):
    profile = due()
    services.reminders_send()
    link = confirm_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200 and "Yes, keep my profile" in page.content.decode()
    profile.refresh_from_db()
    assert (
        profile.reminder_sent_at is not None
        and profile.confirmed_at < timezone.now() - timedelta(days=365)
    )
    response = client.post(link)
    assert response.status_code == 200 and "Your profile is kept" in response.content.decode()
    profile.refresh_from_db()
    assert profile.reminder_sent_at is None
    assert profile.confirmed_at > timezone.now() - timedelta(minutes=1)


def test_the_link_dies_once_used_and_a_forged_one_never_works(client):
    profile = due()
    token = make_token(profile)
    target = url("talent:still-interested", token=token)
    assert client.post(target).status_code == 200
    again = client.post(target)
    assert again.status_code == 400 and "This link does not work" in again.content.decode()
    forged = url("talent:still-interested", token=f"{profile.pk}.0:abc:def")
    assert client.get(forged).status_code == 400


def test_the_link_page_is_in_french(client):
    profile = due(language="fr")
    page = client.get(url("talent:still-interested", "fr", token=make_token(profile)))
    assert f"Garder votre profil d’expert{NNBSP}?" in page.content.decode()
