import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import Event, Session
from portal.core.models import SiteSettings
from registrations import services
from registrations.models import Registration
from tests.events.factories import EventFactory, SessionFactory
from tests.registrations.factories import RegistrationFactory, details

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register_url(session, language="en") -> str:
    with translation.override(language):
        return reverse("registrations:register", kwargs={"session_id": session.pk})


def form_data(n=1, **overrides) -> dict:
    return {
        "name": f"Person {n}",
        "email": f"person{n}@example.org",
        "phone": "",
        "country_of_residence": "BE",
        "country_of_origin": "RW",
        "language": "fr",
        "accessibility_needs": "",
        "consent": "on",
        "website": "",
        **overrides,
    }


def test_event_page_links_each_open_session_to_its_registration_form(client):
    session = SessionFactory(capacity=10)
    closed = SessionFactory(event=session.event, past=True, capacity=10)
    page = client.get(session.event.get_absolute_url()).text
    assert register_url(session) in page
    assert register_url(closed) not in page


def test_registering_confirms_and_emails_the_personal_link_in_the_chosen_language(
    client, committed
):
    session = SessionFactory(capacity=10)
    with committed():
        response = client.post(register_url(session), form_data(phone="0470 12 34 56"))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/registrations/session/{session.pk}/sent/"
    assert "Request received" in client.get(response["Location"]).text
    assert registration.status == Status.CONFIRMED
    assert registration.phone == "+32470123456"  # read as Belgian (country of residence)
    assert registration.consent_at is not None
    [message] = mail.outbox
    assert message.subject.startswith("Votre place est confirmée")
    [(filename, _ics, mimetype)] = [part for part in message.attachments if isinstance(part, tuple)]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "check-in" in message.body.lower() or "code d’entrée" in message.body  # its QR code
    assert registration.token in message.body  # the personal link goes by email only
    page = client.get(registration.get_absolute_url())
    assert "Person 1, your place is confirmed." in page.text
    assert "noindex" in page.text
    assert "no-cache" in page["Cache-Control"]


def test_a_full_session_puts_the_visitor_on_the_waiting_list_with_their_position(client, committed):
    session = SessionFactory(capacity=1)
    services.registration_create(session=session, **details(0))
    with committed():
        client.post(register_url(session), form_data(language="en"))
    assert "you are on the waiting list, at position 1" in mail.outbox[-1].body
    registration = Registration.objects.get(email="person1@example.org")
    page = client.get(registration.get_absolute_url())
    assert "You are on the waiting list, at position 1" in page.text


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": "not-an-email"}, "email", "Saisissez une adresse de courriel valide."),
        ({"phone": "12"}, "phone", "Entrez un numéro de téléphone valide"),
        ({"consent": ""}, "consent", "veuillez accepter le traitement de vos données"),
        ({"country_of_origin": "XX"}, "country_of_origin", "Sélectionnez un choix valide"),
        ({"name": ""}, "name", "«\u202fNom complet\u202f» est obligatoire."),
    ],
)
def test_bad_input_is_explained_in_the_visitors_language_and_nothing_is_saved(
    client, overrides, field, message
):
    session = SessionFactory(capacity=10)
    response = client.post(register_url(session, "fr"), form_data(**overrides))
    assert response.status_code == 400
    assert message in response.text
    assert f'href="#id_{field}"' in response.text  # the error summary links to the field
    assert 'value="Person 1"' in response.text or field == "name"  # input is kept
    assert not Registration.objects.exists()


def test_a_second_registration_gets_the_personal_link_by_email(client, committed):
    session = SessionFactory(capacity=10)
    client.post(register_url(session), form_data())
    with committed():
        response = client.post(register_url(session), form_data())
    assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert mail.outbox[-1].subject.startswith("Votre inscription")
    assert Registration.objects.get().token in mail.outbox[-1].body


def test_honeypot_and_rate_limit(client, settings):
    session = SessionFactory(capacity=10)
    response = client.post(register_url(session), form_data(website="http://spam.example"))
    assert response.status_code == 400 and not Registration.objects.exists()
    caches[settings.RATELIMIT_CACHE_ALIAS].clear()  # the honeypot post was counted
    settings.FORM_RATE_LIMIT_PER_HOUR = 2
    codes = [client.post(register_url(session), form_data(n)).status_code for n in range(3, 6)]
    assert codes == [302, 302, 429]


def test_closed_registration_shows_no_form_and_refuses_posts(client):
    session = SessionFactory(event=EventFactory(status=Event.Status.CANCELLED), capacity=5)
    assert "Registration for this session is closed" in client.get(register_url(session)).text
    response = client.post(register_url(session), form_data())
    assert response.status_code == 200 and not Registration.objects.exists()


def test_unpublished_event_sessions_are_404(client):
    session = SessionFactory(event=EventFactory(is_published=False))
    assert client.get(register_url(session)).status_code == 404


def test_personal_page_cancels_and_the_place_goes_to_the_next_person(client, committed):
    session = SessionFactory(capacity=1)
    first = services.registration_create(session=session, **details(1))
    waiting = services.registration_create(session=session, **details(2))
    with committed():
        response = client.post(first.get_absolute_url(), {"action": "cancel"}, follow=True)
    assert "Your registration is cancelled" in response.text
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    page = client.get(waiting.get_absolute_url()).text
    assert "Claim my place" in page
    response = client.post(waiting.get_absolute_url(), {"action": "claim"}, follow=True)
    assert "Your place is confirmed" in response.text
    assert Session.objects.get(pk=session.pk).places_taken == 1


def test_personal_page_refuses_an_action_that_does_not_apply(client):
    registration = RegistrationFactory(status=Status.CANCELLED, session__capacity=3)
    response = client.post(registration.get_absolute_url(), {"action": "claim"}, follow=True)
    assert "not available for this registration" in response.text
    response = client.post(registration.get_absolute_url(), {"action": "nonsense"}, follow=True)
    assert response.status_code == 200


def test_unknown_personal_link_is_404(client):
    assert (
        client.get(reverse("registrations:registration-detail", args=["nope"])).status_code == 404
    )


def test_pre_registration_then_confirmation_once_dated(client):
    session = SessionFactory(tbd=True, capacity=5)
    client.post(register_url(session), form_data(language="en"))
    registration = Registration.objects.get()
    assert registration.status == Status.PRE_REGISTERED
    page = client.get(registration.get_absolute_url()).text
    assert "You are pre-registered" in page
    assert "Confirm my place" not in page

    session.refresh_from_db()
    session.date_to_be_determined = False
    session.starts_at = SessionFactory.build().starts_at
    session.save()
    response = client.post(registration.get_absolute_url(), {"action": "confirm"}, follow=True)
    assert "Your place is confirmed" in response.text


@pytest.mark.parametrize("registrations", [1, 15])
def test_event_page_queries_do_not_grow_with_registrations(
    client, django_assert_max_num_queries, registrations
):
    session = SessionFactory(capacity=50)
    for n in range(registrations):
        services.registration_create(session=session, **details(n))
    SessionFactory(event=session.event, capacity=10)
    SiteSettings.load()  # created on a site's first request: not part of the steady state
    with django_assert_max_num_queries(8):
        assert client.get(session.event.get_absolute_url()).status_code == 200


def test_event_page_from_the_cache_shows_places_left_after_each_registration(client, committed):
    session = SessionFactory(capacity=3)
    url = session.event.get_absolute_url()
    assert "3 places left of 3" in client.get(url).text
    assert "3 places left of 3" in client.get(url).text  # served from the page cache now
    with committed():
        services.registration_create(session=session, **details(1))
    assert "2 places left of 3" in Client().get(url).text
    with committed():
        services.registration_cancel(registration=Registration.objects.get())
    assert "3 places left of 3" in Client().get(url).text
