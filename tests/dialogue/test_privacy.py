"""Questions in the privacy registry: export, erasure (a published question leaves its
cached page), retention (two periods) and the consent withdrawn from My space."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import Question, Report
from portal.core import privacy
from tests.dialogue.factories import EventQuestionFactory, ReportFactory
from tests.dialogue.signing_in import sign_in

pytestmark = pytest.mark.django_db
EMAIL = "amina@example.org"
Status = Question.Status


def test_questions_are_registered_with_their_name_field():
    entry = privacy.registry()["dialogue.question"]
    assert (entry.email_field, entry.name_field) == ("email", "display_name")
    assert "never shown" in str(entry.what)


def test_export_holds_the_persons_questions_and_nobody_elses():
    mine = EventQuestionFactory(email=EMAIL, display_name="Amina U.")
    EventQuestionFactory(email="someone@example.org")
    records = privacy.export_for_email("AMINA@example.org")["records"]
    [row] = records["dialogue.question"]
    assert (row["id"], row["email"], row["display_name"]) == (mine.pk, EMAIL, "Amina U.")
    assert row["text_en"] == mine.text_en


def test_reports_hold_no_address():
    fields = {f.name for f in Report._meta.concrete_fields}
    assert not fields & {"email", "ip", "address", "ip_address"}


def test_erasure_deletes_the_questions_and_their_reports(django_capture_on_commit_callbacks):
    mine = EventQuestionFactory(email=EMAIL, approved=True)
    ReportFactory(question=mine)
    other = EventQuestionFactory(email="someone@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        counts = privacy.erase_for_email(EMAIL)
    assert counts["dialogue.question"] == 1
    assert list(Question.objects.all()) == [other]
    assert not Report.objects.exists()
    assert privacy.export_for_email(EMAIL)["records"] == {}  # its history went with it


def cached_event_page(client, event) -> str:
    url = event.get_absolute_url()
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    return url


def test_erasing_a_published_question_renews_its_cached_page(
    client, django_capture_on_commit_callbacks
):
    question = EventQuestionFactory(email=EMAIL, answered=True)
    url = cached_event_page(client, question.event)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_for_email(EMAIL)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert question.text_en not in response.text


def test_erasing_a_hidden_question_keeps_the_cache(client, django_capture_on_commit_callbacks):
    question = EventQuestionFactory(email=EMAIL)  # pending: the public never saw it
    url = cached_event_page(client, question.event)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_for_email(EMAIL)
    assert not Question.objects.exists()
    assert client.get(url)["X-Page-Cache"] == "hit"


def aged(question: Question, days: int, **dates) -> Question:
    """Move the question's dates `days` into the past (created_at has auto_now_add)."""
    past = timezone.now() - timedelta(days=days)
    Question.objects.filter(pk=question.pk).update(
        created_at=past, **{name: past for name in dates}
    )
    return question


@pytest.fixture
def retention(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS,
        "questions_unconfirmed": 2,
        "questions": 730,
    }


def purged(dry_run: bool) -> int:
    return privacy.retention_purge(dry_run=dry_run)["dialogue.question"]


def test_unconfirmed_questions_expire_days_after_they_were_asked(retention):
    expired = aged(EventQuestionFactory(unconfirmed=True), 3)
    kept = aged(EventQuestionFactory(unconfirmed=True), 1)
    withdrawn_unconfirmed = aged(EventQuestionFactory(unconfirmed=True, status=Status.WITHDRAWN), 3)
    assert purged(dry_run=True) == 2
    assert Question.objects.count() == 3  # a dry run changes nothing
    assert purged(dry_run=False) == 2
    assert list(Question.objects.all()) == [kept]
    assert not Question.objects.filter(pk__in=[expired.pk, withdrawn_unconfirmed.pk]).exists()


def test_confirmed_questions_expire_after_the_last_decision(retention):
    # Asked three years ago and confirmed: a question is not purged for its age alone...
    answered_lately = aged(EventQuestionFactory(answered=True), 1100)
    Question.objects.filter(pk=answered_lately.pk).update(
        decided_at=timezone.now() - timedelta(days=1000),
        answered_at=timezone.now() - timedelta(days=10),
    )
    rejected_long_ago = aged(EventQuestionFactory(status=Status.REJECTED), 800, decided_at=True)
    published_long_ago = aged(
        EventQuestionFactory(answered=True), 800, decided_at=True, answered_at=True
    )
    withdrawn_recently = aged(EventQuestionFactory(status=Status.WITHDRAWN), 10)
    pending_for_ever = aged(EventQuestionFactory(), 731)  # never decided: from when it was asked
    pending_recent = aged(EventQuestionFactory(), 700)
    assert purged(dry_run=True) == 3
    assert purged(dry_run=False) == 3
    assert set(Question.objects.all()) == {answered_lately, withdrawn_recently, pending_recent}
    gone = [rejected_long_ago, published_long_ago, pending_for_ever]
    assert not Question.objects.filter(pk__in=[q.pk for q in gone]).exists()


def test_an_expired_published_question_leaves_the_cached_page(
    client, retention, django_capture_on_commit_callbacks
):
    question = aged(EventQuestionFactory(answered=True), 800, decided_at=True, answered_at=True)
    url = cached_event_page(client, question.event)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.retention_purge(dry_run=False)
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_withdrawing_the_consent_from_my_space_withdraws_the_question(client, language):
    question = EventQuestionFactory(email=EMAIL, approved=True)
    sign_in(client, EMAIL)
    with translation.override(language):
        url = reverse("members:consent-withdraw", args=["dialogue.question", question.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert ("Withdraw the question" if language == "en" else "Retirer la question") in page.text
    client.post(url)
    question.refresh_from_db()
    assert question.status == Status.WITHDRAWN
    entry = privacy.registry()["dialogue.question"]
    assert not entry.can_revoke(question)  # nothing left to withdraw


def test_a_rejected_question_has_no_consent_to_withdraw():
    entry = privacy.registry()["dialogue.question"]
    assert not entry.can_revoke(EventQuestionFactory(status=Status.REJECTED))
    assert entry.can_revoke(EventQuestionFactory(unconfirmed=True))
