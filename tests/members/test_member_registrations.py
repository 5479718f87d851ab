"""The registrations section of My space (registrations/member_registrations.py): the
member's registrations with status, waiting place, calendar file and cancel; nobody else's."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registrations import services
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db

EMAIL = "amina@example.org"
SPACE = "/en/my-space/"
Status = Registration.Status


def register(session, email=EMAIL, **overrides):
    return services.registration_create(session=session, **details(email=email, **overrides))


@pytest.fixture
def member(client, sign_in_as):
    return sign_in_as(client, EMAIL)


def test_the_section_lists_status_waiting_place_tbd_and_past(member):
    confirmed = register(SessionFactory(capacity=5, event__title_en="Job fair Brussels"))
    full = SessionFactory(capacity=1, event__title_en="Health info session")
    register(full, email="first@example.org")
    register(full, email="second@example.org")
    waiting = register(full)
    tbd = register(SessionFactory(tbd=True, event__title_en="Rwanda meeting"))
    past = SessionFactory(
        starts_at=timezone.now() - timedelta(days=30), event__title_en="Old conference"
    )
    Registration.objects.create(
        session=past, status=Status.CONFIRMED, consent_at=timezone.now(), **details(email=EMAIL)
    )
    text = member.get(SPACE).text
    assert waiting.status == Status.WAITING and tbd.status == Status.PRE_REGISTERED
    assert "position 2 on the waiting list" in text
    assert "Date to be determined" in text
    assert "Pre-registered (date to be determined)" in text
    # Newest session first (the undated one is ahead), the past one apart, after them.
    order = [
        text.index(title)
        for title in ("Rwanda meeting", "Health info session", "Job fair Brussels")
    ]
    assert order == sorted(order)
    assert text.index("Past sessions") < text.index("Old conference")
    assert f"/en/registrations/my-space/{confirmed.pk}/calendar.ics" in text
    assert f"/en/registrations/my-space/{confirmed.pk}/cancel/" in text
    assert confirmed.get_absolute_url() in text


def test_query_count_does_not_grow_with_the_registrations(member):
    register(SessionFactory(capacity=5))
    member.get(SPACE)
    with CaptureQueriesContext(connection) as few:
        member.get(SPACE)
    for _n in range(5):
        full = SessionFactory(capacity=1)
        register(full, email="first@example.org")
        register(full)  # waiting: a place in the queue to compute
        register(SessionFactory(tbd=True))
    with CaptureQueriesContext(connection) as many:
        assert member.get(SPACE).status_code == 200
    assert len(many) <= len(few) + 1  # + the one query for all waiting places


def test_cancel_asks_then_cancels_and_the_place_goes_to_the_next(member):
    session = SessionFactory(capacity=1)
    mine = register(session)
    next_one = register(session, email="next@example.org")
    url = f"/en/registrations/my-space/{mine.pk}/cancel/"
    page = member.get(url)
    assert page.status_code == 200 and "Yes, cancel my registration" in page.text
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED
    response = member.post(url, follow=True)
    assert response.redirect_chain[-1][0] == SPACE
    assert "Your registration is cancelled." in response.text
    mine.refresh_from_db()
    next_one.refresh_from_db()
    assert mine.status == Status.CANCELLED and next_one.status == Status.OFFERED
    # Cancelled: nothing more to cancel.
    assert member.post(url).status_code == 404


def test_another_members_registration_cannot_be_cancelled_or_downloaded(member):
    other = register(SessionFactory(capacity=5), email="other@example.org")
    for url in (
        f"/en/registrations/my-space/{other.pk}/cancel/",
        f"/en/registrations/my-space/{other.pk}/calendar.ics",
        "/en/registrations/my-space/999999/cancel/",
    ):
        assert member.get(url).status_code == 404, url
        assert member.post(url).status_code in (404, 405), url
    other.refresh_from_db()
    assert other.status == Status.CONFIRMED


def test_cancel_needs_a_signed_in_member(client):
    mine = register(SessionFactory(capacity=5))
    response = client.post(f"/en/registrations/my-space/{mine.pk}/cancel/")
    assert response.status_code == 302 and "/my-space/sign-in/" in response["Location"]
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED


def test_the_calendar_file_holds_the_members_session_only(member):
    session = SessionFactory(capacity=5)
    SessionFactory(event=session.event, city_en="Liège")  # another session of the event
    mine = register(session)
    response = member.get(f"/en/registrations/my-space/{mine.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"session-{session.pk}@" in body.replace("\r\n ", "")


def test_an_undated_session_has_no_calendar_file(member):
    mine = register(SessionFactory(tbd=True))
    assert member.get(f"/en/registrations/my-space/{mine.pk}/calendar.ics").status_code == 404


def test_the_section_is_in_french(client, sign_in_as):
    mine = register(SessionFactory(tbd=True))
    sign_in_as(client, EMAIL, language="fr")
    text = client.get("/fr/mon-espace/").text
    assert "Inscriptions aux événements" in text and "Date à déterminer" in text
    assert "agenda.ics" not in text  # undated: no calendar file, but a cancel link
    assert f"/fr/inscriptions/mon-espace/{mine.pk}/annuler/" in text
