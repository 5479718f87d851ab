"""Inviting profiles to apply (talent/services/invitations.py and the matching pages):
once per call and profile, never for a closed call or a paused or unconfirmed profile, in
the member's language, each email sent exactly once; the pages for programme officers only,
in constant queries."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from registrations.models import Application
from talent.exceptions import CallNotOpen, NotInvitable
from talent.models import Invitation
from talent.services.invitations import invitations_deliver, invitations_send
from tests.newsletter.smtp import ScriptedHandler, smtp_server
from tests.registrations.factories import ApplicationFactory
from tests.talent.support import days, expert, rwanda_health_call, skills

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return rwanda_health_call()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def officer_client(client, programme_officer):
    client.force_login(programme_officer)
    return client


def invite(call, profiles, committed, user=None):
    with committed():
        return invitations_send(call=call, profiles=profiles, user=user)


def test_each_profile_is_invited_once_in_their_language(call, committed, programme_officer):
    english = expert(language="en", email="ann@example.org", skills=skills("nursing"))
    french = expert(language="fr", email="bea@example.org")
    invite(call, [english, french], committed, programme_officer)
    again = invite(call, [english, french], committed, programme_officer)
    assert again == []
    assert Invitation.objects.filter(call=call).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bea@example.org"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["ann@example.org"].subject == f"Invitation to apply: {call.title_en}"
    assert "nursing" in by_address["ann@example.org"].body  # why they are invited
    assert "/en/talent-pool/invitation/" in by_address["ann@example.org"].body
    assert by_address["bea@example.org"].subject.startswith("Invitation à candidater")
    assert call.title_fr in by_address["bea@example.org"].subject
    assert "/fr/" in by_address["bea@example.org"].body
    assert Invitation.objects.filter(status="sent").count() == 2


def test_a_closed_call_is_refused(call, committed):
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.opens_at = timezone.now() - timedelta(days=3)
    call.save()
    with pytest.raises(CallNotOpen):
        invite(call, [expert()], committed)
    assert not Invitation.objects.exists() and not mail.outbox


@pytest.mark.parametrize("state", ["paused", "unconfirmed"])
def test_a_paused_or_unconfirmed_profile_refuses_the_whole_send(call, committed, state):
    ready = expert(name="Ready")
    if state == "paused":
        blocked = expert(name="Blocked", paused_until=days(30))
    else:
        blocked = expert(name="Blocked")
        blocked.reminder_sent_at = timezone.now() + timedelta(seconds=5)
        blocked.save()
    with pytest.raises(NotInvitable) as refused:
        invite(call, [ready, blocked], committed)
    assert "Blocked" in refused.value.message and "Ready" not in refused.value.message
    assert not Invitation.objects.exists() and not mail.outbox


def test_an_invitation_is_never_sent_twice(call, committed):
    invite(call, [expert(), expert()], committed)
    assert invitations_deliver(call_id=call.pk) == {
        "sent": 0, "failed": 0, "retry": 0, "skipped": 0,
    }  # fmt: skip
    assert len(mail.outbox) == 2


def test_a_row_claimed_by_another_worker_is_left_to_it(call):
    profile = expert()
    Invitation.objects.create(
        call=call, profile=profile, email=profile.email, language="en",
        status=Invitation.Status.SENDING, claimed_at=timezone.now(),
        next_attempt_at=timezone.now() - timedelta(seconds=1),
    )  # fmt: skip
    assert invitations_deliver(call_id=call.pk)["sent"] == 0
    assert not mail.outbox


def test_a_refused_address_is_recorded_as_failed(call, settings, committed):
    handler = ScriptedHandler(rcpt={"bad@example.org": ["550 No such user"]})
    with smtp_server(settings, handler):
        invite(call, [expert(email="bad@example.org"), expert(email="ok@example.org")], committed)
    failed = Invitation.objects.get(email="bad@example.org")
    assert failed.status == "failed" and "550" in failed.last_error
    assert Invitation.objects.get(email="ok@example.org").status == "sent"


# The pages


def match_url(call, **query):
    url = reverse("admin:talent_matching", args=[call.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_editors_get_the_roles_page_everywhere(editor_client, call):
    profile = expert()
    for url in (
        reverse("admin:talent_matching_calls"),
        match_url(call),
        match_url(call, tab="invitations"),
    ):
        response = editor_client.get(url)
        assert response.status_code == 403 and profile.name not in response.text
    response = editor_client.post(
        reverse("admin:talent_matching_invite", args=[call.pk]),
        {"profile": [profile.pk], "confirm": "1"},
    )
    assert response.status_code == 403 and not Invitation.objects.exists()


def test_the_index_lists_open_calls_with_their_counts(officer_client, call):
    expert()
    expert(years_of_experience=1)
    html = officer_client.get(reverse("admin:talent_matching_calls")).text
    assert call.title_en in html
    assert "<td>1</td>" in html


def test_the_page_summarises_the_requirements_and_ranks_with_reasons(officer_client, call):
    expert(name="Aline Uwase", skills=skills("nursing"))
    expert(name="Near Miss", years_of_experience=3)
    html = officer_client.get(match_url(call)).text
    assert "Comes from Rwanda" in html and "At least 8 years of experience" in html
    assert "Preferred skills: midwifery, nursing, training" in html
    assert "Aline Uwase" in html and "1 of 3 preferred skills: nursing" in html
    assert "Near Miss" not in html
    near = officer_client.get(match_url(call, near="1")).text
    assert "Near Miss" in near and "8 years of experience (has 3)" in near


def test_a_call_without_requirements_says_so(officer_client):
    from tests.projects.factories import CallFactory

    call = CallFactory()
    html = officer_client.get(match_url(call)).text
    assert "No structured requirements yet" in html
    assert reverse("admin:projects_call_change", args=[call.pk]) in html


def test_the_matching_page_takes_constant_queries(
    officer_client, call, django_assert_max_num_queries
):
    expert()
    officer_client.get(match_url(call))
    with django_assert_max_num_queries(30) as few:
        officer_client.get(match_url(call))
    for _ in range(30):
        expert(skills=skills("nursing", "training"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(match_url(call, near="1"))
    assert response.text.count('name="profile"') == 25


def test_inviting_asks_for_confirmation_then_sends(officer_client, call, committed):
    first, second = expert(name="First"), expert(name="Second", language="fr")
    already = expert(name="Already")
    Invitation.objects.create(
        call=call, profile=already, email=already.email, language="en", status="sent"
    )
    url = reverse("admin:talent_matching_invite", args=[call.pk])
    chosen = {"profile": [first.pk, second.pk, already.pk]}
    confirm = officer_client.post(url, chosen)
    assert "2 emails will be sent, in each member’s language." in confirm.text
    assert "1 already invited is skipped." in confirm.text
    assert Invitation.objects.count() == 1
    with committed():
        response = officer_client.post(url, {**chosen, "confirm": "1"}, follow=True)
    assert "2 invitations will be sent" in response.text
    assert "1 already invited was skipped." in response.text
    assert Invitation.objects.count() == 3 and len(mail.outbox) == 2
    assert "First" in response.text and "Second" in response.text  # the Invitations tab


def test_the_invitations_tab_shows_each_outcome(
    officer_client, call, django_assert_max_num_queries
):
    applied = expert(name="Applied", email="applied@example.org")
    opened = expert(name="Opened")
    expert_failed = expert(name="Bounced")
    Invitation.objects.create(
        call=call,
        profile=applied,
        email=applied.email,
        language="en",
        status="sent",
        opened_at=timezone.now(),
    )
    Invitation.objects.create(
        call=call,
        profile=opened,
        email=opened.email,
        language="en",
        status="sent",
        opened_at=timezone.now(),
    )
    Invitation.objects.create(call=call, profile=expert_failed, email=expert_failed.email,
                              language="en", status="failed")  # fmt: skip
    application = ApplicationFactory(call=call, email="Applied@example.org", status="shortlisted")
    with django_assert_max_num_queries(25) as few:
        html = officer_client.get(match_url(call, tab="invitations")).text
    for _ in range(5):
        more = expert()
        Invitation.objects.create(call=call, profile=more, email=more.email, language="fr")
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(match_url(call, tab="invitations"))
    assert "3 invited" in html and "2 opened the link" in html and "1 applied" in html
    assert "1 shortlisted or selected" in html and "1 email not delivered" in html
    review = reverse("admin:registrations_review_application", args=[call.pk, application.pk])
    assert review in html and "Shortlisted" in html
    assert Application.objects.count() == 1


def test_a_closed_call_offers_no_invitation(officer_client, call):
    call.opens_at = timezone.now() - timedelta(days=5)
    call.closes_at = timezone.now() - timedelta(days=1)
    call.save()
    expert(name="Still listed")
    html = officer_client.get(match_url(call)).text
    assert "Still listed" in html and 'name="profile"' not in html
    assert "This call is not open: nobody can be invited to apply to it." in html


def test_editors_see_no_invitation_in_the_admin(editor_client, call):
    profile = expert(name="Hidden Person")
    Invitation.objects.create(call=call, profile=profile, email=profile.email, language="en")
    response = editor_client.get(reverse("admin:talent_invitation_changelist"))
    assert response.status_code == 403 and "Hidden Person" not in response.text
    assert "Hidden Person" not in editor_client.get(reverse("admin:index")).text


def test_the_invitation_list_leads_to_the_matching_pages(officer_client):
    html = officer_client.get(reverse("admin:talent_invitation_changelist")).text
    assert reverse("admin:talent_matching_calls") in html


def test_the_page_speaks_the_staff_members_language(officer_client, call, settings):
    expert(name="Aline Uwase", skills=skills("nursing"))
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = officer_client.get(match_url(call)).text
    assert "Au moins 8 ans d’expérience" in html
    assert "1 sur 3 compétences souhaitées\u202f: soins infirmiers" in html
    assert "Non satisfait (souhaité)\u202f: " in html
