"""The personal links of event registrations, checked for the holes found in the newsletter's
(issue 12, point 10): guessable, leaked, acting on GET."""

import pytest

from registrations import services
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_personal_links_are_long_random_and_carry_nothing_personal():
    session = SessionFactory(capacity=10)
    registrations = [services.registration_create(session=session, **details(n)) for n in range(5)]
    tokens = {registration.token for registration in registrations}
    assert len(tokens) == 5
    for registration in registrations:
        assert len(registration.token) >= 43  # 256 bits
        assert "person" not in registration.token.lower()


def test_the_history_keeps_no_personal_link():
    session = SessionFactory(capacity=10)
    registration = services.registration_create(session=session, **details(1))
    services.registration_cancel(registration=registration)
    history = Registration.history.model
    assert "token" not in {field.name for field in history._meta.get_fields()}
    assert history.objects.filter(id=registration.pk).count() >= 2
    # Reverting to an earlier version keeps the link the person has.
    registration.refresh_from_db()
    assert history.objects.filter(id=registration.pk).last().instance.token == registration.token


def test_opening_a_personal_or_claim_link_changes_nothing(client):
    """Mail scanners open links: only a POST (a person's click on a button) acts."""
    session = SessionFactory(capacity=1)
    first = services.registration_create(session=session, **details(1))
    offered = services.registration_create(session=session, **details(2))
    services.registration_cancel(registration=first)
    offered.refresh_from_db()
    assert offered.status == Status.OFFERED
    for action in ("claim", "cancel", "confirm"):
        response = client.get(offered.get_absolute_url(), {"action": action})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    offered.refresh_from_db()
    assert offered.status == Status.OFFERED


def test_an_unknown_personal_link_is_a_plain_404(client):
    assert client.get("/en/registrations/not-a-real-token/").status_code == 404
