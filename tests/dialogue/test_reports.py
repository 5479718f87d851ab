"""Reporting a published question: the form, each refusal with its message in both
languages (nothing stored), the one-report-per-visitor rule, the rate limit, and the
threshold that hides the question and renews the page cache."""

from html import unescape

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from dialogue.models import Question, Report
from tests.dialogue.factories import EventQuestionFactory, QuestionFactory

pytestmark = pytest.mark.django_db
Status = Question.Status


def url(question, language="en", name="dialogue:report") -> str:
    with translation.override(language):
        return reverse(name, args=[question.pk])


def post(client, question, language="en", address="192.0.2.1", **data):
    data = {"reason": "spam", "note": "", "website": "", **data}
    return client.post(url(question, language), data, REMOTE_ADDR=address)


@pytest.fixture
def question():
    return EventQuestionFactory(answered=True)


@pytest.mark.parametrize(
    ("language", "heading", "reason"),
    [("en", "Report a question", "Spam or advertising"),
     ("fr", "Signaler une question", "Spam ou publicité")],
)  # fmt: skip
def test_the_form_names_the_question_and_the_reasons(client, question, language, heading, reason):
    page = client.get(url(question, language))
    assert page.status_code == 200
    text = unescape(page.text)
    assert heading in text and reason in text
    assert question.text_en in text and 'lang="en"' in text
    assert (question.event.title_en if language == "en" else question.event.title_fr) in text


@pytest.mark.parametrize("status", [Status.PENDING, Status.UNCONFIRMED, Status.WITHDRAWN])
def test_only_published_questions_can_be_reported(client, status):
    hidden = QuestionFactory(status=status)
    assert client.get(url(hidden)).status_code == 404
    assert post(client, hidden).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("language", "thanks"),
    [("en", "Thank you for your report"), ("fr", "Merci pour votre signalement")],
)
def test_a_report_is_recorded_and_thanked_in_the_visitors_language(
    client, question, language, thanks
):
    response = post(client, question, language, reason="wrong", note=" The date changed. ")
    assert response.status_code == 302
    assert response["Location"] == url(question, language, "dialogue:report-thanks")
    [report] = Report.objects.all()
    assert (report.question, report.reason, report.note) == (question, "wrong", "The date changed.")
    question.refresh_from_db()
    assert question.report_count == 1 and question.reported_at is not None
    assert question.status == Status.APPROVED  # one report: still shown, in the queue
    assert question in Question.objects.waiting()
    page = client.get(response["Location"])
    assert thanks in page.text
    with translation.override(language):
        assert f'href="{question.event.get_absolute_url()}"' in page.text  # back to the item


REFUSALS = {
    "honeypot": (
        {"website": "http://spam.example"},
        "Your submission could not be accepted.",
        "Votre envoi n’a pas pu être accepté.",
    ),
    "no reason": (
        {"reason": ""},
        "“Why are you reporting it?” is required.",
        "«\u202fPourquoi la signalez-vous\u202f?\u202f» est obligatoire.",
    ),
    "unknown reason": (
        {"reason": "boring"},
        "Select a valid choice. boring is not one of the available choices.",
        "Sélectionnez un choix valide. boring n’en fait pas partie.",
    ),
    "long details": (
        {"note": "x" * 501},
        "Ensure this value has at most 500 characters (it has 501).",
        "Assurez-vous que cette valeur comporte au plus 500 caractères (actuellement 501).",
    ),
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("refusal", REFUSALS)
def test_refused_reports_say_why_and_store_nothing(client, question, refusal, language):
    data, english, french = REFUSALS[refusal]
    response = post(client, question, language, **data)
    assert response.status_code == 400
    assert (english if language == "en" else french) in unescape(response.text)
    assert not Report.objects.exists()
    question.refresh_from_db()
    assert (question.report_count, question.reported_at) == (0, None)


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "You have already reported this question."),
     ("fr", "Vous avez déjà signalé cette question.")],
)  # fmt: skip
def test_one_report_per_visitor_and_question(client, question, language, message):
    assert post(client, question, language).status_code == 302
    again = post(client, question, language, reason="offensive")
    assert again.status_code == 400 and message in unescape(again.text)
    assert Report.objects.count() == 1
    question.refresh_from_db()
    assert question.report_count == 1
    # Another question, or another visitor: counted.
    assert post(client, QuestionFactory(approved=True), language).status_code == 302
    assert post(client, question, language, address="198.51.100.7").status_code == 302


def test_the_visitors_address_is_not_stored(client, question):
    post(client, question, address="203.0.113.99")
    [report] = Report.objects.values()
    assert "203.0.113.99" not in str(report)


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Too many attempts from your connection."),
     ("fr", "Trop de tentatives depuis votre connexion.")],
)  # fmt: skip
def test_rate_limit(client, settings, language, message):
    settings.FORM_RATE_LIMIT_PER_HOUR = 2
    questions = QuestionFactory.create_batch(3, approved=True)
    codes = [post(client, q, language).status_code for q in questions[:2]]
    over = post(client, questions[2], language)
    assert codes == [302, 302] and over.status_code == 429
    assert message in unescape(over.text)
    assert Report.objects.count() == 2
    assert not Report.objects.filter(question=questions[2]).exists()


def cached(client, path: str) -> str:
    client.get(path)
    return client.get(path)["X-Page-Cache"]


def test_reports_from_enough_visitors_hide_the_question_and_renew_the_pages(
    client, question, settings, django_capture_on_commit_callbacks
):
    settings.DIALOGUE_REPORTS_TO_HIDE = 2
    page = question.event.get_absolute_url()
    assert cached(client, page) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        post(client, question, address="192.0.2.1")
    question.refresh_from_db()
    assert question.status == Status.APPROVED
    assert client.get(page)["X-Page-Cache"] == "hit"  # one report changes nothing public
    with django_capture_on_commit_callbacks(execute=True):
        post(client, question, address="198.51.100.2")
    question.refresh_from_db()
    assert (question.status, question.report_count) == (Status.PENDING, 2)
    assert question in Question.objects.waiting()
    assert client.get(page)["X-Page-Cache"] == "miss"
    # Hidden now: nothing more to report, and the thank-you page names only the item.
    assert post(client, question, address="203.0.113.3").status_code == 404
    assert client.get(url(question, name="dialogue:report-thanks")).status_code == 200


def test_the_thank_you_page_exists_only_for_reported_questions(client, question):
    assert client.get(url(question, name="dialogue:report-thanks")).status_code == 404


@settings_hypothesis(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.dictionaries(
        st.sampled_from(["reason", "note", "website", "other"]),
        st.text(max_size=600) | st.sampled_from(["spam", "wrong", "other", ""]),
    )
)
def test_any_report_input_gets_an_answer_never_an_error(client, question, settings, data):
    settings.DIALOGUE_REPORTS_TO_HIDE = 10_000  # the question stays public across examples
    caches[django_settings.RATELIMIT_CACHE_ALIAS].clear()  # each example is a new visitor's
    before = Report.objects.count()
    response = client.post(url(question), data, REMOTE_ADDR="192.0.2.50")
    assert response.status_code in (302, 400)
    assert Report.objects.count() == before + (response.status_code == 302)  # refused: nothing
