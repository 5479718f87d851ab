"""My space: the member's applications and interests, their status history and next steps,
and withdrawing (their own only)."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY
from registrations import services
from registrations.models import Application, Interest, StatusMessage
from tests.projects.factories import CallFactory, ProjectFactory
from tests.registrations.factories import ApplicationFactory, InterestFactory

pytestmark = pytest.mark.django_db

EMAIL = "amina@example.org"


def sign_in_as(client, email: str = EMAIL) -> None:
    """A member session as members' sign-in leaves it (portal.core.member_session)."""
    session = client.session
    session[EMAIL_KEY] = email
    session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def space_url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("members:space")


def withdraw_url(submission, language: str = "en") -> str:
    with translation.override(language):
        return reverse("registrations:submission-withdraw", args=[submission.reference])


@pytest.fixture
def held(committed):
    """An application moved through two statuses and an interest, under EMAIL; and another
    person's application."""
    call = CallFactory(title_en="Nurses for Kigali", title_fr="Infirmiers pour Kigali")
    project = ProjectFactory(title_en="Clinics in Rwanda", title_fr="Cliniques au Rwanda")
    application = ApplicationFactory(call=call, email=EMAIL)
    queryset = Application.objects.filter(pk=application.pk)
    with committed():
        services.submissions_set_status(submissions=queryset, status="in-review")
        services.submissions_set_status(submissions=queryset, status="more-information")
    interest = InterestFactory(project=project, email=EMAIL)
    other = ApplicationFactory(call=call, email="someone.else@example.org")
    return {"application": application, "interest": interest, "other": other}


def test_section_shows_each_submission_with_history_and_next_steps(client, held):
    sign_in_as(client)
    html = client.get(space_url()).text
    application, interest = held["application"], held["interest"]
    assert "Your applications and interests" in html
    assert application.reference in html and interest.reference in html
    assert held["other"].reference not in html
    assert "Nurses for Kigali" in html and "Clinics in Rwanda" in html
    section = html[html.index(application.reference) :]
    for label in ("New", "In review", "More information needed"):
        assert f": {label}</li>" in section
    # Next steps: the status message's own text, else the portal's sentence.
    assert "A programme officer will contact you to say what is needed." in html
    assert "We have received your message. The programme team will contact you." in html
    assert withdraw_url(application) in html and withdraw_url(interest) in html
    # Nothing staff-only: no notes, no staff names.
    assert "admin" not in section.split("</section>")[0]


def test_section_in_french(client, held):
    sign_in_as(client)
    html = client.get(space_url("fr")).text
    assert "Vos candidatures et manifestations d’intérêt" in html
    assert "Infirmiers pour Kigali" in html and "Cliniques au Rwanda" in html
    assert ": Informations complémentaires demandées</li>" in html
    assert ": Nouvelle</li>" in html
    assert "Notre équipe de programme vous contactera pour préciser ce qui manque." in html
    assert "Nous avons bien reçu votre message." in html
    assert "Retirer ma candidature" in html and withdraw_url(held["application"], "fr") in html


def test_next_steps_written_by_staff_in_the_members_language_win(client, held):
    StatusMessage.objects.create(
        kind="interest", status="new", next_steps_en="We answer within the month.",
        next_steps_fr="Nous répondons dans le mois.",
    )  # fmt: skip
    sign_in_as(client)
    assert "We answer within the month." in client.get(space_url()).text
    assert "Nous répondons dans le mois." in client.get(space_url("fr")).text


def test_a_french_title_missing_is_shown_in_english_marked_as_such(client):
    call = CallFactory(title_en="Nurses for Kigali", title_fr="")
    ApplicationFactory(call=call, email=EMAIL)
    sign_in_as(client)
    html = client.get(space_url("fr")).text
    assert 'lang="en">Nurses for Kigali</a>' in html


def test_empty_section_for_a_member_with_nothing(client):
    sign_in_as(client, "new.member@example.org")
    html = client.get(space_url()).text
    assert "No application or interest under this address." in html


def test_query_count_does_not_grow_with_the_submissions(
    client, held, django_assert_max_num_queries
):
    sign_in_as(client)
    with CaptureQueriesContext(connection) as few:
        client.get(space_url())
    for _n in range(4):
        ApplicationFactory(email=EMAIL)
        InterestFactory(email=EMAIL)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(space_url()).text
    assert html.count("Withdraw my") == 10


def test_withdraw_asks_first_then_withdraws(client, held):
    application = held["application"]
    sign_in_as(client)
    response = client.get(withdraw_url(application))
    assert response.status_code == 200
    assert "Once withdrawn, your application is no longer reviewed." in response.text
    assert Application.objects.get(pk=application.pk).status == "more-information"

    response = client.post(withdraw_url(application), follow=True)

    application.refresh_from_db()
    assert application.status == "withdrawn" and application.withdrawn_at
    assert response.redirect_chain[-1][0] == f"{space_url()}#submissions"
    html = response.text
    assert f"{application.reference} is withdrawn." in html
    section = html[html.index(application.reference) :]
    assert ": Withdrawn</li>" in section
    assert "You have withdrawn your application: nothing more will happen with it." in html
    assert withdraw_url(application) not in html


def test_withdraw_in_french(client, held):
    interest = held["interest"]
    sign_in_as(client)
    response = client.get(withdraw_url(interest, "fr"))
    assert "Retirer ma manifestation d’intérêt" in response.text
    response = client.post(withdraw_url(interest, "fr"), follow=True)
    assert f"{interest.reference} est retirée." in response.text
    assert Interest.objects.get(pk=interest.pk).status == "withdrawn"


def test_another_members_submission_is_not_found(client, held):
    sign_in_as(client)
    other = held["other"]
    assert client.get(withdraw_url(other)).status_code == 404
    assert client.post(withdraw_url(other)).status_code == 404
    other.refresh_from_db()
    assert other.status == "new"
    fake = Application(reference="APP-XXXX-YYYY")
    assert client.post(withdraw_url(fake)).status_code == 404


def test_withdraw_needs_a_signed_in_member(client, held):
    response = client.post(withdraw_url(held["application"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:sign-in"))
    assert Application.objects.get(pk=held["application"].pk).status == "more-information"


@pytest.mark.parametrize("status", ["selected", "not-selected", "withdrawn"])
def test_decided_or_withdrawn_applications_are_refused_clearly(client, status):
    application = ApplicationFactory(email=EMAIL, status=status)
    sign_in_as(client)
    html = client.get(space_url()).text
    assert withdraw_url(application) not in html
    response = client.post(withdraw_url(application), follow=True)
    assert response.redirect_chain[-1][0] == f"{space_url()}#submissions"
    expected = (
        "You have already withdrawn this."
        if status == "withdrawn"
        else "A decision has already been made on this, so it can no longer be withdrawn."
    )
    assert expected in response.text
    application.refresh_from_db()
    assert application.status == status


def test_refusal_in_french(client):
    interest = InterestFactory(email=EMAIL, status="closed")
    sign_in_as(client)
    response = client.post(withdraw_url(interest, "fr"), follow=True)
    assert "Une décision a déjà été prise, le retrait n’est donc plus possible." in response.text
