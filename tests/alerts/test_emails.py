"""Alert emails: the member's language, the English text with the site's notice where a
translation is missing, links to stop the alerts (one-click, separate from the newsletter)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from alerts import services
from alerts.models import AlertDelivery
from alerts.tokens import make_token
from tests.alerts.factories import AlertSubscriptionFactory
from tests.events.factories import EventFactory
from tests.projects.factories import CallFactory

pytestmark = pytest.mark.django_db
NOTICE_FR = "Ce contenu n’est pas encore disponible dans votre langue"


@pytest.fixture
def digest_for():
    def send(**member):
        subscription = AlertSubscriptionFactory(
            active_since=timezone.now() - timedelta(hours=1), **member
        )
        services.items_collect()
        services.digests_build(week=services.week_of(timezone.now()))
        services.deliveries_send()
        [message] = [m for m in mail.outbox if m.to == [subscription.email]]
        return subscription, message

    return send


def test_digest_in_the_members_language_with_the_fallback_notice(digest_for):
    call = CallFactory(title_en="Nurses for Kigali", title_fr="Infirmiers pour Kigali")
    EventFactory(
        title_en="Job fair in Brussels",
        title_fr="",
        slug_fr="",
        description_fr="",
        english_only=True,
    )
    _member, message = digest_for(language="fr")
    html = message.alternatives[0][0]
    assert message.subject == "Vos alertes de la semaine\u202f: 2 nouveautés"
    assert "Infirmiers pour Kigali" in message.body and "Nurses" not in message.body
    # The English title where French is missing, with the site's notice, lang="en" on it.
    assert "Job fair in Brussels" in message.body
    assert "Ce contenu est publié en anglais seulement." in message.body
    assert '<div lang="en">' in html
    assert "Ce contenu est publié en anglais seulement." in html
    with translation.override("fr"):
        assert f"http://127.0.0.1:8000{call.get_absolute_url()}" in message.body
    assert "Arrêter ces alertes" in html and "Modifier mes alertes" in html


def test_digest_in_english_has_no_notice(digest_for):
    CallFactory(title_en="Nurses for Kigali", title_fr="Infirmiers pour Kigali")
    _member, message = digest_for(language="en")
    assert message.subject == "Your alerts of the week: 1 new item"
    assert "Nurses for Kigali" in message.body
    assert "shown in English" not in message.body and "lang=" not in message.body.lower()


def test_headers_offer_one_click_unsubscribe_from_alerts_only(digest_for):
    CallFactory()
    member, message = digest_for(language="en")
    token = make_token(member)
    one_click = reverse("alerts-unsubscribe-one-click", kwargs={"token": token})
    assert message.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{one_click}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "newsletter" not in message.extra_headers["List-Unsubscribe"]
    stop = reverse("alerts:stop", kwargs={"token": token})
    assert stop in message.body and stop in message.alternatives[0][0]


def test_immediate_alert_names_the_item_in_its_subject(django_capture_on_commit_callbacks):
    from alerts.models import AlertSubscription

    AlertSubscriptionFactory(
        language="fr",
        frequency=AlertSubscription.Frequency.IMMEDIATE,
        active_since=timezone.now() - timedelta(hours=1),
    )
    CallFactory(
        title_fr="Infirmiers pour Kigali",
        description_fr="<p>Deux ans au CHU.</p><p>Logement fourni.</p>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.items_collect()
    [message] = mail.outbox
    assert message.subject == "Appel à coopération ouvert\u202f: Infirmiers pour Kigali"
    assert "Deux ans au CHU. Logement fourni." in message.body  # paragraphs apart
    assert AlertDelivery.objects.get().kind == AlertDelivery.Kind.IMMEDIATE


@pytest.mark.parametrize("language", ["en", "fr"])
def test_messages_take_the_fast_path_and_say_what_django_would(digest_for, language):
    """Built like the newsletter's (newsletter.mime.IssueEmail): parts set on copies of
    per-language templates; the result reads as Django's own message would."""
    import email

    from django.core.mail import EmailMultiAlternatives

    CallFactory(title_en="Côte d’Ivoire nurses", title_fr="Infirmiers en Côte d’Ivoire")
    _member, message = digest_for(language=language)
    assert message.edition.part(message.edition.plain, message.body) is not None
    fast = email.message_from_bytes(message.message().as_bytes())
    plain = EmailMultiAlternatives(
        message.subject, message.body, message.from_email, message.to,
        headers=message.extra_headers,
    )  # fmt: skip
    plain.attach_alternative(message.alternatives[0][0], "text/html")
    slow = email.message_from_bytes(plain.message().as_bytes())
    for name in ("Subject", "From", "To", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert str(email.header.make_header(email.header.decode_header(fast[name]))) == str(
            email.header.make_header(email.header.decode_header(slow[name]))
        )
    fast_parts = [p.get_payload(decode=True) for p in fast.walk() if not p.is_multipart()]
    slow_parts = [p.get_payload(decode=True) for p in slow.walk() if not p.is_multipart()]
    assert fast_parts == slow_parts
    assert [p["Content-Transfer-Encoding"] for p in fast.walk() if not p.is_multipart()] == [
        "8bit",
        "8bit",
    ]
