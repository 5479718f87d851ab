"""The Q&A and the anonymous page cache (portal/core/cache.py): item pages stay cached; what
the public sees of questions renews them, what it does not see leaves them alone. The
sitemap does not list questions.

The moderation services (dialogue/services/moderation.py) are another part of issue 18:
these tests do what they do to a question (change its status or answer in one write, then
`invalidate_pages()`), so that the display's side of the agreement is tested on its own."""

import pytest
from django.utils import timezone

from dialogue.models import Question
from portal.core.cache import invalidate_pages
from tests.dialogue.factories import PublishedQuestionFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed (the test itself never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def cached_page(client):
    """A project page with one published question, cached for anonymous visitors."""
    project = ProjectFactory()
    PublishedQuestionFactory(project=project, text_en="Already published")
    url = project.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    return project, url


def test_a_new_submission_leaves_the_cache_alone(client, cached_page, committed):
    project, url = cached_page
    with committed():
        PublishedQuestionFactory(
            project=project, status=Question.Status.PENDING, text_en="Spam spam"
        )
        PublishedQuestionFactory(project=project, status=Question.Status.UNCONFIRMED)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "Spam spam" not in response.text


def test_the_cached_page_shows_a_question_once_approved(client, cached_page, committed):
    project, url = cached_page
    question = PublishedQuestionFactory(
        project=project, status=Question.Status.PENDING, text_en="Venue?"
    )
    assert client.get(url)["X-Page-Cache"] == "hit"
    with committed():  # what approving does
        Question.objects.filter(pk=question.pk).update(
            status=Question.Status.APPROVED, decided_at=timezone.now()
        )
        invalidate_pages()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Venue?" in response.text
    assert client.get(f"/en/questions/project/{project.pk}/").status_code == 200


def test_the_cached_pages_show_the_answer_once_given(client, cached_page, committed):
    project, url = cached_page
    question = project.questions.get()
    question_url = question.get_absolute_url()
    assert "has not answered" in client.get(question_url).text
    assert client.get(question_url)["X-Page-Cache"] == "hit"
    with committed():  # what answering does
        Question.objects.filter(pk=question.pk).update(
            answer_en="In Brussels, at the community hall.", answer_language="en",
            answered_at=timezone.now(), answered_by=Question.AnsweredBy.PROGRAMME,
        )  # fmt: skip
        invalidate_pages()
    for page in (url, question_url):
        response = client.get(page)
        assert response["X-Page-Cache"] == "miss"
        assert "In Brussels, at the community hall." in response.text


def test_deleting_a_published_question_renews_the_pages(client, cached_page, committed):
    project, url = cached_page
    with committed():  # erasure or retention
        project.questions.get().delete()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Already published" not in response.text


@pytest.mark.parametrize("status", [s for s in Question.Status if s != Question.Status.APPROVED])
def test_deleting_a_question_the_public_never_saw_leaves_the_cache(
    client, cached_page, committed, status
):
    project, url = cached_page
    question = PublishedQuestionFactory(project=project, status=status)
    with committed():
        question.delete()
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_the_sitemap_lists_no_question(client, committed):
    project = ProjectFactory()
    before = client.get("/sitemap.xml").text
    with committed():
        PublishedQuestionFactory.create_batch(3, project=project, answered=True, faq=True)
        invalidate_pages()
    response = client.get("/sitemap.xml")
    after = response.text
    assert response.get("X-Page-Cache") != "hit"
    assert "/questions/" not in after
    assert before == after
