import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from registrations import services
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.registrations.factories import RegistrationFactory, details

pytestmark = pytest.mark.django_db
Status = Registration.Status
CHANGELIST = reverse("admin:registrations_registration_changelist")


@pytest.fixture
def full_session():
    session = SessionFactory(capacity=2, event__title_en="Info session in Brussels")
    people = [services.registration_create(session=session, **details(n)) for n in range(4)]
    return session, people


def test_attendee_list_per_session_with_status_filter_and_search(admin_client, full_session):
    session, _people = full_session
    other = RegistrationFactory(name="Someone Else")
    html = admin_client.get(CHANGELIST, {"session__id__exact": session.pk}).text
    assert "Person 0" in html and "Person 3" in html and "Someone Else" not in html
    html = admin_client.get(CHANGELIST, {"status__exact": "waiting"}).text
    assert "Person 2" in html and "Person 0" not in html
    html = admin_client.get(CHANGELIST, {"q": "person3@example"}).text
    assert "Person 3" in html and "Person 2" not in html
    assert other.name in admin_client.get(CHANGELIST).text


def test_event_list_shows_the_counts_and_links_to_the_attendees(admin_client, full_session):
    session, people = full_session
    services.registration_cancel(registration=people[3])
    services.registrations_mark_attended(registrations=Registration.objects.filter(pk=people[0].pk))
    html = admin_client.get(reverse("admin:events_event_changelist")).text
    assert f"{CHANGELIST}?session__event__id__exact={session.event.pk}" in html
    assert ">2 / 1 / 1 / 1</a>" in html  # confirmed / waiting / cancelled / attended
    change = admin_client.get(reverse("admin:events_event_change", args=[session.event.pk])).text
    assert f"{CHANGELIST}?session__id__exact={session.pk}" in change
    assert "2 confirmed, 1 waiting, capacity 2" in change


def test_mark_attended_action_for_check_in(admin_client, full_session):
    _session, people = full_session
    admin_client.post(
        CHANGELIST,
        {"action": "mark_attended", "_selected_action": [people[0].pk, people[2].pk]},
    )
    attended = Registration.objects.filter(attended_at__isnull=False)
    assert list(attended) == [people[0]]  # a waiting person did not have a place
    html = admin_client.get(CHANGELIST, {"attended": "yes"}).text
    assert "Person 0" in html and "Person 1" not in html


def test_promote_action_confirms_when_a_place_is_free_and_explains_otherwise(
    admin_client, full_session
):
    session, people = full_session
    promote = {"action": "promote", "_selected_action": [people[2].pk], "post": "yes"}
    response = admin_client.post(CHANGELIST, promote, follow=True)
    assert "The session is full: raise its capacity first." in response.text
    session.capacity = 3
    session.save()
    response = admin_client.post(CHANGELIST, promote, follow=True)
    assert "1 registration promoted." in response.text
    people[2].refresh_from_db()
    assert people[2].status == Status.CONFIRMED


def test_promote_and_cancel_say_who_will_be_emailed_and_change_nothing_before_confirming(
    admin_client, full_session, committed
):
    _session, people = full_session
    with committed():
        asked = admin_client.post(
            CHANGELIST, {"action": "cancel", "_selected_action": [people[0].pk]}
        )
    assert asked.templates[0].name == "admin/registrations/registration_action_confirmation.html"
    assert "People told their registration is cancelled: 1" in asked.text
    assert "People waiting who may be offered a freed place: up to 1" in asked.text
    people[0].refresh_from_db()
    assert people[0].status == Status.CONFIRMED
    assert mail.outbox == []
    asked = admin_client.post(CHANGELIST, {"action": "promote", "_selected_action": [people[2].pk]})
    assert "People waiting, told their place is confirmed: 1" in asked.text
    with committed():
        admin_client.post(
            CHANGELIST, {"action": "cancel", "_selected_action": [people[0].pk], "post": "yes"}
        )
    people[0].refresh_from_db()
    assert people[0].status == Status.CANCELLED
    assert {m.to[0] for m in mail.outbox} == {people[0].email, people[2].email}


def test_csv_export_of_the_selection_neutralises_formulas(admin_client, full_session):
    _session, people = full_session
    Registration.objects.filter(pk=people[0].pk).update(name='=HYPERLINK("http://x")')
    response = admin_client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [p.pk for p in people]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["event", "session", "status", "full name", "email address"]
    assert len(rows) == 5
    assert rows[1][3] == '\'=HYPERLINK("http://x")'
    assert rows[1][6] == "Belgium" and rows[1][7] == "Rwanda"


def test_staff_cannot_add_registrations_around_the_rules(admin_client):
    assert admin_client.get(reverse("admin:registrations_registration_add")).status_code == 403


def test_registrations_are_not_visible_to_anonymous_or_to_staff_without_permission(
    client, staff_without_role
):
    RegistrationFactory()
    assert client.get(CHANGELIST).status_code == 302  # to the login page
    client.force_login(staff_without_role)
    assert client.get(CHANGELIST).status_code == 403
