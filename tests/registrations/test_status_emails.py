"""Staff change a status: the person is emailed, in their language, only for the statuses
whose message says "tell the applicant"; once per person; never at the cost of the change."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.core.roles import EDITORS, PROGRAMME_OFFICERS, roles
from registrations import services
from registrations.models import Application, Interest, StatusMessage
from registrations.tasks import send_status_emails
from tests.newsletter.smtp import ScriptedHandler, smtp_server
from tests.projects.factories import CallFactory, TargetFactory
from tests.registrations.factories import ApplicationFactory, InterestFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registrations_application_changelist")


def set_status(committed, submissions, status: str) -> int:
    with committed():
        return services.submissions_set_status(submissions=submissions, status=status)


def test_default_messages_tell_selected_not_selected_and_more_information():
    notifying = StatusMessage.objects.notifying().filter(kind="application")
    assert set(notifying.values_list("status", flat=True)) == {
        "selected",
        "not-selected",
        "more-information",
    }
    selected = notifying.get(status="selected")
    assert selected.subject_fr == "Votre candidature est retenue"
    assert "programme officer will contact you" in selected.next_steps_en
    assert selected.translation_states() == {"en": "complete", "fr": "complete"}


def test_selected_applicants_are_emailed_in_their_language(committed):
    call = CallFactory(title_en="Nurses for Kigali", title_fr="Infirmiers pour Kigali")
    english = ApplicationFactory(call=call, language="en", name="Amina")
    french = ApplicationFactory(call=call, language="fr", name="Jean")
    queryset = Application.objects.filter(pk__in=[english.pk, french.pk])

    assert set_status(committed, queryset, "selected") == 2

    assert len(mail.outbox) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    en, fr = by_address[english.email], by_address[french.email]
    assert en.subject == f"Your application has been selected ({english.reference})"
    assert "Dear Amina," in en.body
    assert f"Reference {english.reference}: “Nurses for Kigali”" in en.body
    assert "New status: Selected" in en.body
    assert "A programme officer will contact you about the next steps." in en.body
    assert "/en/my-space/" in en.body
    assert fr.subject == f"Votre candidature est retenue ({french.reference})"
    assert "Infirmiers pour Kigali" in fr.body
    assert "Nouveau statut\u202f: Retenue" in fr.body
    assert "/fr/mon-espace/" in fr.body
    assert "Notre équipe de programme vous contactera" in fr.body
    html = fr.alternatives[0][0]
    assert 'lang="fr"' in html and "Aller à Mon espace" in html


def test_statuses_without_notify_send_nothing(committed):
    application = ApplicationFactory()
    queryset = Application.objects.filter(pk=application.pk)
    assert set_status(committed, queryset, "in-review") == 1
    assert set_status(committed, queryset, "shortlisted") == 1
    assert mail.outbox == []
    StatusMessage.objects.filter(status="selected").update(notify=False)
    assert set_status(committed, queryset, "selected") == 1
    assert mail.outbox == []


def test_an_unchanged_status_sends_nothing(committed):
    application = ApplicationFactory(status="selected")
    assert set_status(committed, Application.objects.filter(pk=application.pk), "selected") == 0
    assert mail.outbox == []


def test_one_email_per_person_in_a_bulk_change(committed):
    call = CallFactory()
    twice = [ApplicationFactory(call=call, email="twice@example.org") for _n in range(2)]
    others = [ApplicationFactory(call=call) for _n in range(3)]
    queryset = Application.objects.filter(call=call)
    assert set_status(committed, queryset, "not-selected") == 5
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(["twice@example.org", *(a.email for a in others)])
    both = next(m for m in mail.outbox if m.to == ["twice@example.org"])
    assert all(application.reference in both.body for application in twice)


def test_interest_statuses_tell_the_investor_when_staff_ask_for_it(committed):
    interest = InterestFactory(language="fr")
    queryset = Interest.objects.filter(pk=interest.pk)
    assert set_status(committed, queryset, "contacted") == 1
    assert mail.outbox == []
    StatusMessage.objects.create(
        kind="interest", status="closed", notify=True,
        subject_en="Our conversation", subject_fr="Notre échange",
        body_en="Thank you.", body_fr="Merci.",
    )  # fmt: skip
    assert set_status(committed, queryset, "closed") == 1
    [message] = mail.outbox
    assert message.subject == f"Notre échange ({interest.reference})"
    assert "Nouveau statut\u202f: Clôturée" in message.body
    assert interest.project.title_fr in message.body


def test_a_refused_email_keeps_the_status_change(settings, committed):
    call = CallFactory()
    target = TargetFactory(project=call.project, progress=0, goal=30, source="selected", call=call)
    refused, accepted = ApplicationFactory(call=call), ApplicationFactory(call=call)
    handler = ScriptedHandler(rcpt={refused.email: ["550 5.1.1 No such user"]})
    with smtp_server(settings, handler):
        changed = set_status(committed, Application.objects.filter(call=call), "selected")
    assert changed == 2
    assert handler.attempts[refused.email] == 1
    assert [rcpt for rcpt, _data in handler.messages] == [[accepted.email]]  # the other went
    assert Application.objects.filter(status="selected").count() == 2
    target.refresh_from_db()
    assert target.progress == 2


def test_a_status_changed_again_before_the_email_goes_sends_nothing():
    application = ApplicationFactory(status="selected")
    Application.objects.filter(pk=application.pk).update(status="in-review")
    sent = send_status_emails.call(
        model="registrations.application", pks=[application.pk], status="selected"
    )
    assert sent == 0 and mail.outbox == []


def test_bulk_action_asks_for_confirmation_and_says_how_many_are_emailed(admin_client, committed):
    call = CallFactory()
    applications = [ApplicationFactory(call=call) for _n in range(3)]
    ApplicationFactory(call=call, email=applications[0].email)  # one person, two applications
    already = ApplicationFactory(call=call, status="selected")
    pks = [a.pk for a in Application.objects.filter(call=call)]
    data = {"action": "set_status_selected", "_selected_action": pks}

    response = admin_client.post(CHANGELIST, data)

    assert response.status_code == 200
    html = response.text
    assert "4 records will be set to “Selected”." in html
    assert "3 people will be emailed about the new status." in html
    assert not Application.objects.filter(pk__in=[a.pk for a in applications], status="selected")
    with committed():
        response = admin_client.post(CHANGELIST, {**data, "post": "yes"})
    assert response.status_code == 302
    assert Application.objects.filter(call=call, status="selected").count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted({a.email for a in applications})
    assert already.email not in [m.to[0] for m in mail.outbox]


def test_bulk_selection_leaves_withdrawn_applications_and_says_so(admin_client, committed):
    withdrawn = ApplicationFactory(status="withdrawn", withdrawn_at=timezone.now())
    open_one = ApplicationFactory()
    data = {"action": "set_status_selected", "_selected_action": [withdrawn.pk, open_one.pk]}
    html = admin_client.post(CHANGELIST, data).text
    assert "1 record will be set to “Selected”." in html
    assert "1 person will be emailed about the new status." in html
    assert "1 record withdrawn by the person will be left as it is." in html
    with committed():
        response = admin_client.post(CHANGELIST, {**data, "post": "yes"}, follow=True)
    assert "1 record withdrawn by the person was left as it is." in response.text
    assert [m.to for m in mail.outbox] == [[open_one.email]]
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn" and withdrawn.withdrawn_at


def test_status_actions_are_named_in_the_staff_members_language(admin_client):
    ApplicationFactory()
    html = admin_client.get(CHANGELIST, headers={"accept-language": "fr"}).text
    assert "Passer au statut" in html and "Set status: Selected" not in html


def test_bulk_confirmation_says_nobody_is_emailed_for_a_silent_status(admin_client):
    application = ApplicationFactory()
    response = admin_client.post(
        CHANGELIST, {"action": "set_status_in_review", "_selected_action": [application.pk]}
    )
    assert "Nobody will be emailed" in response.text


def test_a_status_saved_on_the_application_page_emails_the_person(admin_client, committed):
    application = ApplicationFactory(language="fr")
    url = reverse("admin:registrations_application_change", args=[application.pk])
    management = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0"}
    data = {"status": "more-information", **{f"notes-{k}": v for k, v in management.items()}}
    with committed():
        response = admin_client.post(url, {**data, "notes-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [application.email]
    assert "Informations complémentaires" in message.subject


def test_interest_admin_offers_the_lead_statuses_not_the_candidates(admin_client):
    InterestFactory()
    ApplicationFactory()
    html = admin_client.get(reverse("admin:registrations_interest_changelist")).text
    assert "set_status_in_discussion" in html and "set_status_contacted" in html
    assert "set_status_shortlisted" not in html
    html = admin_client.get(CHANGELIST).text
    assert "set_status_more_information" in html and "set_status_contacted" not in html


def test_a_message_that_tells_the_person_must_exist_in_every_language(admin_client):
    url = reverse("admin:registrations_statusmessage_add")
    data = {
        "kind": "application", "status": "shortlisted", "notify": "on",
        "subject_en": "Shortlisted", "subject_fr": "", "body_en": "Good news.", "body_fr": "",
        "next_steps_en": "", "next_steps_fr": "",
    }  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Needed in every language when the person is told by email." in response.text
    assert not StatusMessage.objects.filter(status="shortlisted").exists()
    response = admin_client.post(url, {**data, "subject_fr": "Présélection", "body_fr": "Bien."})
    assert response.status_code == 302
    assert StatusMessage.objects.get(status="shortlisted").notify


def test_a_status_of_the_other_kind_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:registrations_statusmessage_add"),
        {"kind": "interest", "status": "shortlisted", "subject_en": "x", "body_en": "y"},
    )
    assert response.status_code == 200
    assert "This status does not exist for this kind of submission." in response.text


def test_programme_officers_write_status_messages_and_editors_never_see_them():
    granted = roles()
    assert set(granted[PROGRAMME_OFFICERS]["registrations.statusmessage"]) == {
        "add",
        "change",
        "view",
    }
    assert "registrations.statusmessage" not in granted[EDITORS]
