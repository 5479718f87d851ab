"""The home page: what the portal is for, then cards of projects, calls, events and news."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.events.factories import SessionFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory
from tests.projects.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_cards_with_closing_dates_and_date_badges(client):
    project = ProjectFactory(title_en="Skills for health", is_featured=True)
    CallFactory(title_en="Experts wanted", project=project)
    SessionFactory(event__title_en="Info session", starts_at=timezone.now() + timedelta(days=4))
    SessionFactory(event__title_en="Job fair", tbd=True)
    ArticleFactory(title_en="Nurses back in Kigali")
    html = client.get("/en/").text
    assert html.count('<li class="teaser ') == 5
    assert "Closes: <time" in html
    assert 'class="date-badge"' in html
    assert "Date to be determined" in html
    assert "Nurses back in Kigali" in html
    assert 'class="cta-band"' in html and 'href="/en/news/subscribe/"' in html


@pytest.mark.parametrize("count", [1, 6])
def test_home_page_queries_do_not_grow_with_content(client, django_assert_max_num_queries, count):
    for day in range(count):
        ProjectFactory()
        CallFactory()
        SessionFactory(starts_at=timezone.now() + timedelta(days=day + 1))
        ArticleFactory(issue=IssueFactory())
    client.get("/en/")  # warm the site settings cache
    with django_assert_max_num_queries(9):
        assert client.get("/en/").status_code == 200
