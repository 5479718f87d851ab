"""Query budgets of the Q&A display: an item's page and its questions page make the same
queries with 0 or 200 published questions, for each kind of item; the counts on list cards
take one query per list, whatever its length."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dialogue.models import ITEM_FIELDS, Question, item_field
from tests.dialogue.factories import question_under
from tests.events.factories import EventFactory, SessionFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory
from tests.projects.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db

FACTORIES = {
    "project": ProjectFactory,
    "call": CallFactory,
    "event": EventFactory,
    "article": ArticleFactory,
}


def add_questions(item, count: int) -> None:
    """`count` published questions under `item`: a tenth in the FAQ, half answered, some in
    French only, some comments (bulk: the factory would take a while for 200)."""
    now = timezone.now()
    items = {name: None for name in ITEM_FIELDS} | {item_field(type(item)): item}
    Question.objects.bulk_create(
        Question(
            **items,
            kind=Question.Kind.COMMENT if n % 7 == 0 else Question.Kind.QUESTION,
            language="fr" if n % 3 == 0 else "en",
            text_en="" if n % 3 == 0 else f"Question {n}",
            text_fr=f"Question {n} en français" if n % 3 == 0 else "",
            display_name="" if n % 5 == 0 else f"Visitor {n}",
            email=f"visitor{n}@example.org",
            consent_at=now,
            confirmed_at=now,
            status=Question.Status.APPROVED,
            decided_at=now,
            answer_en=f"Answer {n}" if n % 2 == 0 else "",
            answer_language="en" if n % 2 == 0 else "",
            answered_at=now if n % 2 == 0 else None,
            answered_by=Question.AnsweredBy.OFFICE if n % 2 == 0 else "",
            is_faq=n % 10 == 0,
            faq_position=n,
        )
        for n in range(count)
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Page-Cache"] == "miss", url
    return len(captured)


@pytest.mark.parametrize("kind", FACTORIES)
def test_item_page_makes_the_same_queries_with_0_or_200_questions(client, kind):
    warm, empty, full = (FACTORIES[kind]() for _ in range(3))
    add_questions(warm, 3)
    add_questions(full, 200)
    client.get(warm.get_absolute_url())  # site settings and navigation, cached in production
    assert queries(client, empty.get_absolute_url()) == queries(client, full.get_absolute_url())
    html = client.get(full.get_absolute_url()).text
    assert "200 published questions and comments" in html


@pytest.mark.parametrize("kind", FACTORIES)
def test_item_questions_page_makes_the_same_queries_with_0_or_200_questions(client, kind):
    warm, empty, full = (FACTORIES[kind]() for _ in range(3))
    add_questions(full, 200)

    def url(item, page=""):
        return f"/en/questions/{kind}/{item.pk}/{page}"

    client.get(url(warm))
    assert queries(client, url(empty)) == queries(client, url(full))
    assert queries(client, url(empty, "?page=2")) == queries(client, url(full, "?page=2"))


def test_question_page_makes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    project = ProjectFactory()
    add_questions(project, 20)
    question = Question.objects.first()
    client.get("/en/")
    with django_assert_max_num_queries(4):
        assert client.get(question.get_absolute_url()).status_code == 200


def render_counts(items) -> str:
    template = Template(
        "{% load item_parts %}{% card_tags items as card_tags %}"
        "{% for item in items %}[{% card_tags_for card_tags item %}]{% endfor %}"
    )
    return template.render(Context({"items": items}))


@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("length", [1, 20])
def test_counts_of_a_list_take_one_query(django_assert_num_queries, kind, length):
    items = [FACTORIES[kind]() for _ in range(length)]
    for n, item in enumerate(items):
        add_questions(item, n % 3)  # some items without any
    with django_assert_num_queries(1):
        html = render_counts(items)
    assert html.count("[]") == len([n for n in range(length) if n % 3 == 0])
    if length > 2:
        assert html.count(">1 question</li>") and html.count(">2 questions</li>")


def test_counts_count_only_published_questions_of_each_item(django_assert_num_queries):
    project, call = ProjectFactory(), CallFactory()
    question_under(project)
    question_under(project, status=Question.Status.PENDING)
    question_under(call, status=Question.Status.REJECTED)
    with django_assert_num_queries(2):  # one per kind of item in a mixed list
        html = render_counts([project, call])
    assert html == '[<li class="tag tag--neutral qa-count">1 question</li>\n][]'


def list_urls(length: int) -> dict[str, str]:
    """Lists of `length` items, each with 2 published questions."""
    projects = ProjectFactory.create_batch(length)
    events = [SessionFactory().event for _ in range(length)]
    issue = IssueFactory()
    articles = ArticleFactory.create_batch(length, issue=issue)
    calls = CallFactory.create_batch(length, project=projects[0])
    for item in [*projects, *events, *articles, *calls]:
        add_questions(item, 2)
    return {
        "projects": "/en/projects/",
        "events": "/en/events/",
        "news": "/en/news/",
        "calls": projects[0].get_absolute_url(),
    }


@pytest.mark.parametrize("length", [1, 10])  # the events list shows 10 a page
def test_list_pages_show_counts_without_a_query_per_card(client, length, settings):
    settings.PAGE_CACHE_ENABLED = False
    urls = list_urls(length)
    client.get("/en/")
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).text
        assert html.count(">2 questions</li>") >= length, name
        counts = [q["sql"] for q in captured.captured_queries if "dialogue_question" in q["sql"]]
        # The project page also has its own Q&A section (three queries).
        assert len(counts) == (4 if name == "calls" else 1), name
