"""The preferences page (signed-in members only), the "stop these alerts" page and the
RFC 8058 one-click endpoint, separate from the newsletter's."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alerts.models import AlertSubscription
from alerts.tokens import make_token
from newsletter.models import Subscriber
from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY
from tests.alerts.factories import AlertSubscriptionFactory
from tests.newsletter.factories import SubscriberFactory
from tests.projects.factories import CountryFactory, SectorFactory

pytestmark = pytest.mark.django_db
EMAIL = "amina@example.org"


def sign_in(client, email: str = EMAIL) -> None:
    session = client.session
    session[EMAIL_KEY] = email
    session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    session.save()


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_preferences_need_a_signed_in_member(client):
    response = client.get(url("alerts:preferences"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("members:sign-in"))
    assert url("alerts:preferences", "fr") == "/fr/alertes/"


def test_saving_preferences_records_consent_and_choices(client):
    rwanda, niger = CountryFactory(code="RW"), CountryFactory(code="NE")
    belgium = CountryFactory(code="BE", name_en="Belgium", is_focus=False)
    health = SectorFactory(code="health")
    sign_in(client, "Amina@Example.org")
    page = client.get(url("alerts:preferences"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    assert "Leave empty for all countries." in page.text
    # Focus countries first.
    assert page.text.index(f'value="{rwanda.pk}"') < page.text.index(f'value="{belgium.pk}"')
    response = client.post(
        url("alerts:preferences"),
        {
            "countries": [rwanda.pk, niger.pk],
            "sectors": [health.pk],
            "frequency": "immediate",
            "language": "fr",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    subscription = AlertSubscription.objects.get()
    assert subscription.email == "amina@example.org"
    assert set(subscription.countries.all()) == {rwanda, niger}
    assert list(subscription.sectors.all()) == [health]
    assert (subscription.frequency, subscription.language) == ("immediate", "fr")
    assert subscription.active and subscription.consent_at is not None
    assert "Your alerts are saved." in client.get(url("alerts:preferences")).text


def test_bad_input_gives_errors_in_french_and_saves_nothing(client):
    sign_in(client)
    response = client.post(
        url("alerts:preferences", "fr"),
        {"countries": ["999999"], "frequency": "hourly", "language": "fr"},
    )
    assert response.status_code == 400
    assert "Veuillez accepter la politique de confidentialité pour recevoir des alertes." in (
        response.text
    )
    assert "Sélectionnez un choix valide" in response.text
    assert not AlertSubscription.objects.exists()


def test_stop_all_alerts_from_the_preferences_page(client):
    subscription = AlertSubscriptionFactory(email=EMAIL)
    sign_in(client)
    response = client.post(url("alerts:preferences"), {"stop": "1"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert not subscription.active and subscription.stopped_at is not None


def test_stop_link_asks_first_then_stops(client):
    subscription = AlertSubscriptionFactory(email=EMAIL)
    token = make_token(subscription)
    page = client.get(url("alerts:stop", "fr", token=token))
    assert page.status_code == 200 and "Arrêter mes alertes" in page.text
    subscription.refresh_from_db()
    assert subscription.active  # a mail scanner opening the link stops nothing
    assert client.post(url("alerts:stop", "fr", token=token)).status_code == 200
    subscription.refresh_from_db()
    assert not subscription.active
    # The link died with the stop (a new token).
    assert client.get(url("alerts:stop", token=token)).status_code == 400


def test_one_click_post_stops_the_alerts_and_leaves_the_newsletter(client):
    subscription = AlertSubscriptionFactory(email=EMAIL)
    reader = SubscriberFactory(email=EMAIL)
    one_click = reverse("alerts-unsubscribe-one-click", kwargs={"token": make_token(subscription)})
    assert one_click.startswith("/alerts/unsubscribe/")
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(one_click, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    reader.refresh_from_db()
    assert not subscription.active
    assert reader.status == Subscriber.Status.CONFIRMED
    assert csrf_client.post(one_click).status_code == 404  # its token was replaced


def test_one_click_get_leads_to_the_page_that_asks_in_the_members_language(client):
    subscription = AlertSubscriptionFactory(email=EMAIL, language="fr")
    token = make_token(subscription)
    response = client.get(reverse("alerts-unsubscribe-one-click", kwargs={"token": token}))
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/") and response["Location"].endswith(f"/{token}/")
    subscription.refresh_from_db()
    assert subscription.active
    # A dead link still leads to the page that says so (in the visitor's language).
    response = client.get(reverse("alerts-unsubscribe-one-click", kwargs={"token": "made-up"}))
    assert response.status_code == 302


def test_my_space_section_summarises_or_invites(client):
    from alerts.member import section

    assert section(None, EMAIL)["subscription"] is None
    rwanda = CountryFactory(code="RW", name_en="Rwanda", name_fr="Rwanda")
    niger = CountryFactory(code="NE", name_en="Niger", name_fr="Niger")
    health = SectorFactory(code="health", name_en="Health", name_fr="Santé")
    AlertSubscriptionFactory(email=EMAIL, country_list=[niger, rwanda], sector_list=[health])
    assert section(None, EMAIL)["summary"] == "Weekly digest: Niger, Rwanda · Health"
    with translation.override("fr"):
        assert section(None, EMAIL)["summary"] == "Résumé hebdomadaire\u202f: Niger, Rwanda · Santé"
    sign_in(client)
    page = client.get(url("members:space"))
    assert "Weekly digest: Niger, Rwanda · Health" in page.text
    assert url("alerts:preferences") in page.text
