"""The check-in page in the admin: roles, taps answered in JSON or by redirect, codes,
walk-ins, capacity, links to it; and the code reaching the registrant (email, personal page)."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Session
from registrations import services
from registrations.checkin_codes import checkin_code
from registrations.models import Registration
from registrations.services.checkin import (
    walk_in_add,
)
from tests.events.factories import SessionFactory
from tests.registrations.factories import RegistrationFactory, details

pytestmark = pytest.mark.django_db
Status = Registration.Status
JSON = {"HTTP_ACCEPT": "application/json"}


def page_url(session) -> str:
    return reverse("admin:registrations_registration_checkin", args=[session.pk])


def set_url(session) -> str:
    return reverse("admin:registrations_registration_checkin_set", args=[session.pk])


def walk_in_url(session) -> str:
    return reverse("admin:registrations_registration_checkin_walk_in", args=[session.pk])


def capacity_url(session) -> str:
    return reverse("admin:registrations_registration_checkin_capacity", args=[session.pk])


# Views and roles


def test_programme_officer_sees_the_page_with_counts_and_states(
    client, programme_officer, full_session
):
    session, _people = full_session
    client.force_login(programme_officer)
    response = client.get(page_url(session))
    assert response.status_code == 200
    html = response.text
    assert "Person 0" in html and "Person 3" in html
    assert 'id="count-expected">2<' in html and 'id="count-waiting">2<' in html
    assert "On the waiting list" in html and "Admit and check in" in html


def test_plain_search_without_javascript_filters_the_list(admin_client, full_session):
    session, _people = full_session
    html = admin_client.get(page_url(session), {"q": "person3@"}).text
    assert "Person 3" in html and "Person 1" not in html


def test_editor_is_refused_and_password_only_staff_is_sent_to_the_login(
    client, editor, settings, superuser_with_second_factor, full_session
):
    session, people = full_session
    client.force_login(editor)
    assert client.get(page_url(session)).status_code == 403
    assert client.post(set_url(session), {"registration": people[0].pk}).status_code == 403
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(superuser_with_second_factor)
    for response in (
        client.get(page_url(session)),
        client.post(set_url(session), {"registration": people[0].pk}),
        client.post(walk_in_url(session), {"name": "X"}),
        client.post(capacity_url(session), {"capacity": "10"}),
    ):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Registration.objects.filter(attended_at__isnull=False).exists()
    assert Session.objects.get(pk=session.pk).capacity == 2


def test_tap_answers_json_with_the_new_row_and_counts(admin_client, full_session):
    session, people = full_session
    response = admin_client.post(
        set_url(session), {"registration": people[0].pk, "arrived": "1", "action_id": "a1"}, **JSON
    )
    data = response.json()
    assert data["ok"] and data["action_id"] == "a1" and data["counts"]["arrived"] == 1
    assert "Arrived at" in data["row"] and 'name="arrived" value="0"' in data["row"]
    undo = admin_client.post(
        set_url(session), {"registration": people[0].pk, "arrived": "0"}, **JSON
    ).json()
    assert undo["counts"]["arrived"] == 0 and "undone" in undo["message"]


def test_plain_form_tap_redirects_back_with_a_message(admin_client, full_session):
    session, people = full_session
    response = admin_client.post(set_url(session), {"registration": people[0].pk}, follow=True)
    assert response.redirect_chain[-1][0] == page_url(session)
    assert "Person 0 is checked in." in response.text


def test_typed_code_checks_in_and_a_code_for_another_session_says_so(admin_client, full_session):
    session, people = full_session
    data = admin_client.post(set_url(session), {"code": checkin_code(people[1])}, **JSON).json()
    assert data["ok"] and data["id"] == people[1].pk
    other = RegistrationFactory(session=SessionFactory(city_en="Liège"))
    response = admin_client.post(set_url(session), {"code": checkin_code(other)}, **JSON)
    assert response.status_code == 409
    assert "another session" in response.json()["message"]
    assert "row" not in response.json()  # nothing of the other session shown
    bad = admin_client.post(set_url(session), {"code": "R1-ABCD-EFGH"}, **JSON)
    assert bad.status_code == 400 and not bad.json()["ok"]


def test_over_capacity_asks_then_confirms_for_json_and_plain_forms(admin_client, full_session):
    session, _people = full_session
    client_id = str(uuid.uuid4())
    response = admin_client.post(
        walk_in_url(session), {"name": "Door One", "client_id": client_id}, **JSON
    )
    assert response.status_code == 200 and response.json()["over_capacity"]
    confirmed = admin_client.post(
        walk_in_url(session),
        {"name": "Door One", "client_id": client_id, "over_capacity": "1"},
        **JSON,
    )
    assert confirmed.json()["ok"]
    # The plain form shows a confirmation page that posts the same again.
    page = admin_client.post(walk_in_url(session), {"name": "Door Two"})
    assert page.status_code == 200 and "Yes, over capacity" in page.text
    assert 'name="over_capacity" value="1"' in page.text and "Door Two" in page.text
    assert not Registration.objects.filter(name="Door Two").exists()
    admin_client.post(walk_in_url(session), {"name": "Door Two", "over_capacity": "1"})
    assert Registration.objects.filter(name="Door Two", source="door").count() == 1


def test_walk_in_needs_a_name_and_a_valid_email(admin_client):
    session = SessionFactory(capacity=None)
    assert admin_client.post(walk_in_url(session), {"name": " "}, **JSON).status_code == 400
    response = admin_client.post(
        walk_in_url(session), {"name": "X", "email": "not-an-email"}, **JSON
    )
    assert response.status_code == 400 and not Registration.objects.exists()


def test_officer_changes_the_capacity_from_the_page(client, programme_officer, full_session):
    session, _people = full_session
    client.force_login(programme_officer)
    response = client.post(capacity_url(session), {"capacity": "1"}, follow=True)
    assert "cannot be lower" in response.text
    for junk in ("-1", "abc", "9" * 30):
        assert client.post(capacity_url(session), {"capacity": junk}).status_code == 302
    # Lowering it to what is taken emails nobody: no question.
    response = client.post(capacity_url(session), {"capacity": "2"}, follow=True)
    assert "The capacity is now 2." in response.text and "emailed" not in response.text


def test_capacity_that_offers_places_asks_first_without_javascript(
    client, programme_officer, full_session, mailoutbox, django_capture_on_commit_callbacks
):
    session, people = full_session
    client.force_login(programme_officer)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(capacity_url(session), {"capacity": "4"})
    assert page.status_code == 200
    assert "2 people on the waiting list will be offered a place and emailed." in page.text
    assert 'name="capacity" value="4"' in page.text and "Yes, offer the places" in page.text
    assert Session.objects.get(pk=session.pk).capacity == 2 and mailoutbox == []
    assert Registration.objects.filter(status=Status.OFFERED).count() == 0
    signature = page.context["confirm"][1]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            capacity_url(session), {"capacity": "4", "emails_confirmed": signature}, follow=True
        )
    assert "The capacity is now 4." in done.text
    assert "2 people on the waiting list were offered a place and emailed." in done.text
    assert Session.objects.get(pk=session.pk).capacity == 4
    offered = Registration.objects.filter(status=Status.OFFERED)
    assert {r.pk for r in offered} == {people[2].pk, people[3].pk}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people[2].email, people[3].email])


def test_capacity_question_for_the_script_and_a_stale_yes_asks_again(admin_client, full_session):
    session, people = full_session
    asked = admin_client.post(capacity_url(session), {"capacity": "3"}, **JSON).json()
    assert asked["ok"] is False and asked["confirm"]
    assert asked["message"] == "1 person on the waiting list will be offered a place and emailed."
    # A yes given to that question (one person) does not confirm another change (two).
    again = admin_client.post(
        capacity_url(session), {"capacity": "4", "emails_confirmed": asked["confirm"]}, **JSON
    ).json()
    assert again["confirm"] and again["confirm"] != asked["confirm"]
    assert Session.objects.get(pk=session.pk).capacity == 2
    done = admin_client.post(
        capacity_url(session), {"capacity": "3", "emails_confirmed": asked["confirm"]}, **JSON
    ).json()
    assert (
        done["ok"] and done["capacity_line"] == "3 of 3 places taken."
    )  # the offer holds the place
    assert "1 person on the waiting list was offered a place and emailed." in done["message"]
    assert Registration.objects.get(pk=people[2].pk).status == Status.OFFERED


def test_capacity_question_uses_the_events_admin_count(full_session):
    """One rule: the page asks about exactly what the events admin would announce."""
    from registrations.services.announcements import event_change_announcements

    session, _people = full_session
    session.capacity = 3
    (announcement,) = event_change_announcements(sessions=[session])
    assert announcement.key == f"offered:{session.pk}" and announcement.count == 1


def test_junk_input_never_errors(admin_client, full_session):
    session, _people = full_session
    for data in ({}, {"registration": "x"}, {"registration": "999999"}, {"code": "é" * 500}):
        assert admin_client.post(set_url(session), data, **JSON).status_code == 400
    assert admin_client.get(page_url(session), {"q": "%" * 300}).status_code == 200
    assert (
        admin_client.get(
            reverse("admin:registrations_registration_checkin", args=[999999])
        ).status_code
        == 404
    )


def test_event_page_and_changelist_link_to_the_checkin(admin_client, full_session):
    session, _people = full_session
    change = admin_client.get(reverse("admin:events_event_change", args=[session.event.pk])).text
    assert page_url(session) in change
    changelist = reverse("admin:registrations_registration_changelist")
    assert (
        page_url(session) in admin_client.get(changelist, {"session__id__exact": session.pk}).text
    )
    session.starts_at = timezone.now() + timedelta(hours=2)
    session.ends_at = session.starts_at + timedelta(hours=1)
    session.save()
    assert page_url(session) in admin_client.get(changelist).text


# The code reaches the registrant


def test_confirmation_email_carries_the_qr_code_inline_and_the_code_in_text(mailoutbox, committed):
    session = SessionFactory(capacity=5)
    with committed():
        registration = services.registration_create(session=session, **details(1))
    message = mailoutbox[-1]
    code = checkin_code(registration)
    assert code in message.body
    html = message.alternatives[0][0]
    assert 'src="cid:checkin-qr@portal"' in html
    images = [part for part in message.attachments if getattr(part, "get_content_type", None)]
    image = next(part for part in images if part.get_content_type() == "image/png")
    assert image["Content-ID"] == "<checkin-qr@portal>"
    assert image.get_payload(decode=True).startswith(b"\x89PNG")


def test_waiting_list_email_has_no_code(mailoutbox, committed, full_session):
    session, _people = full_session
    with committed():
        services.registration_create(session=session, **details(9))
    assert "check-in code" not in mailoutbox[-1].body


def test_personal_page_shows_the_qr_code_while_active(client, full_session):
    _session, people = full_session
    html = client.get(people[0].get_absolute_url()).text
    assert checkin_code(people[0]) in html and 'class="checkin-qr"' in html
    services.registration_cancel(registration=people[0])
    assert 'class="checkin-qr"' not in client.get(people[0].get_absolute_url()).text


def test_json_script_strings_are_valid(admin_client, full_session):
    session, _people = full_session
    html = admin_client.get(page_url(session)).text
    start = html.index('id="checkin-strings" type="application/json">') + len(
        'id="checkin-strings" type="application/json">'
    )
    strings = json.loads(html[start : html.index("</script>", start)])
    assert strings["undo"] == "Undo"


def test_page_query_count_does_not_grow_with_the_list(admin_client, django_assert_max_num_queries):
    session = SessionFactory(capacity=None)
    for n in range(30):
        RegistrationFactory(session=session, status=Status.CONFIRMED if n % 3 else Status.WAITING)
    with django_assert_max_num_queries(20):
        response = admin_client.get(page_url(session))
    assert response.text.count('id="person-') == 30


def test_admin_form_keeps_the_countries_of_an_online_registration(admin_client):
    registration = RegistrationFactory()
    url = reverse("admin:registrations_registration_change", args=[registration.pk])
    data = {
        "name": registration.name,
        "phone": "",
        "country_of_residence": "",
        "country_of_origin": "",
        "language": "en",
        "accessibility_needs": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "This field is required" in response.text
    walk_in, _created = walk_in_add(
        session=registration.session, client_id=uuid.uuid4(), name="Door", language="en"
    )
    url = reverse("admin:registrations_registration_change", args=[walk_in.pk])
    assert admin_client.post(url, {**data, "name": "Door Person"}).status_code == 302
    walk_in.refresh_from_db()
    assert walk_in.name == "Door Person"
