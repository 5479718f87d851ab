"""My space: "Your questions" (item, status in words, the answer, Withdraw) and the
withdrawal itself: the member's own questions only, once, the page cache renewed when the
question was public."""

from datetime import UTC, datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dialogue.models import Question
from tests.dialogue.factories import EventQuestionFactory, QuestionFactory
from tests.dialogue.signing_in import sign_in
from tests.newsletter.factories import ArticleFactory
from tests.projects.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db
EMAIL = "amina@example.org"
Status = Question.Status


def path(name: str, language: str = "en", *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def member(client):
    sign_in(client, EMAIL)
    return client


def space(client, language="en") -> str:
    response = client.get(path("members:space", language))
    assert response.status_code == 200
    return unescape(response.text)


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ["Your questions", "Answered", "Official answer (The office)",
             "Yes: there is step-free access.", "Withdraw"]),
     ("fr", ["Vos questions", "Avec réponse", "Réponse officielle (Le bureau)",
             "Oui\u202f: l’accès se fait de plain-pied.", "Retirer"])],
)  # fmt: skip
def test_my_space_shows_the_question_its_status_and_the_answer(member, language, words):
    question = EventQuestionFactory(email=EMAIL, answered=True)
    QuestionFactory(email="someone@example.org", text_en="Not mine at all")
    page = space(member, language)
    for word in words:
        assert word in page
    assert question.text_en in page and "Not mine at all" not in page
    title = question.event.title_en if language == "en" else question.event.title_fr
    assert title in page
    assert path("dialogue:withdraw", language, question.pk) in page


def test_a_published_question_links_to_its_page_with_a_long_date(member):
    published = QuestionFactory(email=EMAIL, status=Status.APPROVED)
    pending = QuestionFactory(email=EMAIL, status=Status.PENDING)
    published.created_at = pending.created_at = datetime(2026, 12, 2, 12, tzinfo=UTC)
    Question.objects.filter(pk__in=[published.pk, pending.pk]).update(
        created_at=published.created_at
    )
    page = space(member)
    assert f'href="{published.get_absolute_url()}"' in page
    assert f'href="{pending.get_absolute_url()}"' not in page
    assert "2 December 2026" in page and "Published" in page
    assert "2 décembre 2026" in space(member, "fr")


def test_the_answer_falls_back_to_its_original_language_marked(member):
    EventQuestionFactory(email=EMAIL, answered=True, answer_fr="")
    page = space(member, "fr")
    assert '<div class="member-questions__answer" lang="en"><p>Yes: there is' in page


@pytest.mark.parametrize(
    ("status", "english", "withdrawable"),
    [(Status.UNCONFIRMED, "Follow the link we emailed you", True),
     (Status.PENDING, "A moderator will read it soon", True),
     (Status.REJECTED, "we emailed you the reason", False),
     (Status.MERGED, "A similar question was asked already", False),
     (Status.WITHDRAWN, "You withdrew it", False)],
)  # fmt: skip
def test_each_status_is_said_in_words(member, status, english, withdrawable):
    question = QuestionFactory(email=EMAIL, status=status)
    page = space(member)
    assert english in page
    assert (path("dialogue:withdraw", "en", question.pk) in page) is withdrawable


def test_an_empty_section_says_so(member):
    assert "No question under this address." in space(member)


def queries_for_space(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        space(client)
    return len(queries)


def test_my_space_queries_do_not_grow_with_the_questions(member):
    EventQuestionFactory(email=EMAIL, answered=True)
    queries_for_space(member)  # warm: site settings and pages are cached after the first
    one = queries_for_space(member)
    QuestionFactory.create_batch(3, email=EMAIL)
    for item in ({"project": ProjectFactory()}, {"call": CallFactory()},
                 {"article": ArticleFactory()}):  # fmt: skip
        EventQuestionFactory(email=EMAIL, event=None, answered=True, **item)
    assert Question.objects.filter(email=EMAIL).count() == 7
    assert queries_for_space(member) == one


@pytest.mark.parametrize(
    ("language", "heading", "done"),
    [("en", "Withdraw my question", "Your question is withdrawn"),
     ("fr", "Retirer ma question", "Votre question est retirée")],
)  # fmt: skip
def test_withdrawing_a_published_question_hides_it_and_renews_the_pages(
    member, language, heading, done, django_capture_on_commit_callbacks
):
    question = EventQuestionFactory(email=EMAIL, answered=True, is_faq=True)
    page = question.event.get_absolute_url()
    anonymous = type(member)()
    anonymous.get(page)
    assert anonymous.get(page)["X-Page-Cache"] == "hit"
    url = path("dialogue:withdraw", language, question.pk)
    confirm = member.get(url)
    assert confirm.status_code == 200 and heading in unescape(confirm.text)
    assert question.text_en in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(url, follow=True)
    assert done in unescape(response.text)
    question.refresh_from_db()
    assert (question.status, question.is_faq) == (Status.WITHDRAWN, False)
    assert question not in Question.objects.public()
    assert anonymous.get(page)["X-Page-Cache"] == "miss"


def test_withdrawing_a_hidden_question_keeps_the_cache(member, django_capture_on_commit_callbacks):
    question = EventQuestionFactory(email=EMAIL)  # pending
    page = question.event.get_absolute_url()
    anonymous = type(member)()
    anonymous.get(page)
    with django_capture_on_commit_callbacks(execute=True):
        member.post(path("dialogue:withdraw", "en", question.pk))
    question.refresh_from_db()
    assert question.status == Status.WITHDRAWN
    assert anonymous.get(page)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "This question is already withdrawn."),
     ("fr", "Cette question est déjà retirée.")],
)  # fmt: skip
def test_withdrawing_twice_says_it_is_done_already(member, language, message):
    question = QuestionFactory(email=EMAIL, approved=True)
    url = path("dialogue:withdraw", language, question.pk)
    member.post(url)
    for response in (member.get(url, follow=True), member.post(url, follow=True)):
        assert message in unescape(response.text)
    question.refresh_from_db()
    assert question.status == Status.WITHDRAWN


def test_a_rejected_question_cannot_be_withdrawn(member):
    question = QuestionFactory(email=EMAIL, status=Status.REJECTED)
    response = member.post(path("dialogue:withdraw", "en", question.pk), follow=True)
    assert "can no longer be withdrawn" in unescape(response.text)
    question.refresh_from_db()
    assert question.status == Status.REJECTED


def test_someone_elses_question_is_not_found(member):
    other = QuestionFactory(email="someone@example.org", approved=True)
    look_alike = QuestionFactory(email="amina@exımple.org", approved=True)
    for question in (other, look_alike):
        url = path("dialogue:withdraw", "en", question.pk)
        assert member.get(url).status_code == 404
        assert member.post(url).status_code == 404
        question.refresh_from_db()
        assert question.status == Status.APPROVED
    assert member.post(path("dialogue:withdraw", "en", 999999)).status_code == 404


def test_the_address_matches_whatever_its_case(client):
    question = QuestionFactory(email=EMAIL, approved=True)
    sign_in(client, "Amina@Example.org")
    client.post(path("dialogue:withdraw", "en", question.pk))
    question.refresh_from_db()
    assert question.status == Status.WITHDRAWN


def test_withdrawing_needs_a_signed_in_member(client):
    question = QuestionFactory(email=EMAIL, approved=True)
    url = path("dialogue:withdraw", "en", question.pk)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(path("members:sign-in"))
    question.refresh_from_db()
    assert question.status == Status.APPROVED


def test_withdrawing_needs_the_csrf_token(client):
    question = QuestionFactory(email=EMAIL, approved=True)
    client.handler.enforce_csrf_checks = True
    sign_in(client, EMAIL)
    assert client.post(path("dialogue:withdraw", "en", question.pk)).status_code == 403
    question.refresh_from_db()
    assert question.status == Status.APPROVED
