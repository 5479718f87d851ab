import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.models import Issue
from portal.core import preview
from tests.newsletter.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def test_archive_lists_published_issues_newest_first(client):
    old = IssueFactory(title_en="Old one", date="2019-01-01")
    new = IssueFactory(title_en="New one", date="2020-01-01")
    IssueFactory(title_en="Draft one", status=Issue.Status.DRAFT)
    html = client.get("/en/news/").text
    assert html.index(new.title_en) < html.index(old.title_en)
    assert "Draft one" not in html


def test_archive_filters_by_year_and_paginates(client):
    for day in range(12):
        IssueFactory(date=f"2020-01-{day + 1:02d}")
    IssueFactory(title_en="From 2019", date="2019-06-01")
    response = client.get("/en/news/", {"year": "2019"})
    assert "From 2019" in response.text
    assert response.text.count('class="card mb-3"') == 1
    page1 = client.get("/en/news/")
    assert page1.text.count('class="card mb-3"') == 10
    assert "Page 1 of 2" in page1.text
    assert client.get("/en/news/", {"page": "2"}).text.count('class="card mb-3"') == 3


def test_archive_ignores_a_bad_year_or_page(client):
    IssueFactory()
    assert client.get("/en/news/", {"year": "abc", "page": "zz"}).status_code == 200


@pytest.mark.parametrize(
    "issue_kwargs",
    [
        {"status": Issue.Status.DRAFT},
        {"status": Issue.Status.SCHEDULED, "publish_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_drafts_and_future_issues_are_404_for_the_public(client, issue_kwargs):
    article = ArticleFactory(issue=IssueFactory(**issue_kwargs))
    assert client.get(article.issue.get_absolute_url()).status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_issue_is_public_once_its_time_has_passed(client):
    issue = IssueFactory(
        status=Issue.Status.SCHEDULED, publish_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(issue.get_absolute_url()).status_code == 200


def test_staff_preview_drafts_with_a_banner_and_noindex(admin_client):
    # One preview mechanism: a draft's public URL sends staff to its preview.
    article = ArticleFactory(issue=IssueFactory(status=Issue.Status.DRAFT))
    for obj in (article, article.issue):
        response = admin_client.get(obj.get_absolute_url(), follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[0][0] == preview.preview_url(obj)
        assert "This item is not public yet. Only staff can see this preview." in response.text
        assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_issue_page_shows_every_article_with_a_table_of_contents(client):
    issue = IssueFactory()
    first = ArticleFactory(issue=issue, position=1, title_en="First story")
    second = ArticleFactory(issue=issue, position=2, title_en="Second story")
    html = client.get(issue.get_absolute_url()).text
    assert f'<a href="#article-{first.pk}">First story</a>' in html
    assert f'<article id="article-{second.pk}"' in html
    assert html.index("First story") < html.index("Second story")


def test_article_page_has_newsarticle_json_ld_and_open_graph(client):
    article = ArticleFactory(title_en="Skills for Rwanda")
    html = client.get(article.get_absolute_url()).text
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Skills for Rwanda"
    assert data["inLanguage"] == "en"
    assert '<meta property="og:title" content="Skills for Rwanda">' in html


def test_article_page_links_previous_and_next_articles(client):
    issue = IssueFactory()
    first, middle, last = (ArticleFactory(issue=issue, position=i) for i in range(3))
    html = client.get(middle.get_absolute_url()).text
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert f'href="{last.get_absolute_url()}" rel="next"' in html


def test_language_switcher_leads_to_the_same_article_in_french(client):
    article = ArticleFactory(slug_en="skills", slug_fr="competences")
    html = client.get(article.get_absolute_url()).text
    assert f'href="/fr/actualites/{article.issue.number}/competences/" hreflang="fr"' in html


def test_french_page_of_an_untranslated_article_shows_english_marked_as_such(client):
    article = ArticleFactory(title_fr="", slug_fr=None, body_fr="", summary_fr="")
    response = client.get(f"/fr/actualites/{article.issue.number}/{article.slug_en}/")
    assert response.status_code == 200
    assert "Ce contenu n’est pas encore disponible en français" in response.text
    assert '<article lang="en">' in response.text
    assert "English body" in response.text


def test_feed_is_per_language(client):
    ArticleFactory(title_en="English title", title_fr="Titre français")
    assert "English title" in client.get("/en/news/feed/").text
    french = client.get("/fr/actualites/flux/").text
    assert "Titre français" in french
    assert "English title" not in french


def test_sitemap_lists_issues_and_articles_in_both_languages(client):
    article = ArticleFactory(slug_en="skills", slug_fr="competences")
    xml = client.get("/sitemap.xml").text
    number = article.issue.number
    assert f"<loc>http://testserver/fr/actualites/{number}/competences/</loc>" in xml
    assert f"<loc>http://testserver/en/news/{number}/</loc>" in xml


def test_draft_issue_is_not_in_the_sitemap(client):
    ArticleFactory(slug_en="secret", issue=IssueFactory(status=Issue.Status.DRAFT))
    assert "secret" not in client.get("/sitemap.xml").text


def test_home_page_shows_the_latest_issue_and_links_to_the_subscribe_page(client):
    IssueFactory(title_en="Older", date="2019-01-01")
    IssueFactory(title_en="Latest", date="2020-01-01")
    html = client.get("/en/").text
    assert "Latest" in html
    assert 'href="/en/news/subscribe/"' in html


@pytest.mark.parametrize("count", [2, 20])
def test_archive_queries_do_not_grow_with_issues(client, django_assert_max_num_queries, count):
    for _ in range(count):
        ArticleFactory.create_batch(3, issue=IssueFactory())
    client.get("/en/news/")  # warm the site settings cache
    with django_assert_max_num_queries(6):
        assert client.get("/en/news/").status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_issue_and_article_queries_do_not_grow_with_articles(
    client, django_assert_max_num_queries, count
):
    issue = IssueFactory()
    articles = ArticleFactory.create_batch(count, issue=issue)
    client.get("/en/")
    with django_assert_max_num_queries(6):
        assert client.get(issue.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(articles[1].get_absolute_url()).status_code == 200


def test_site_search_finds_published_articles_in_the_visitors_language(client):
    ArticleFactory(
        title_en="Irrigation in Toro",
        title_fr="Irrigation à Toro",
        body_fr="<p>Un projet d’irrigation</p>",
    )
    ArticleFactory(title_en="Irrigation draft", issue=IssueFactory(status=Issue.Status.DRAFT))
    html = client.get("/fr/recherche/", {"q": "irrigation"}).text
    assert "Toro" in html
    assert "draft" not in html.lower().split("<main")[1]


def test_article_page_links_its_project_and_call(client):
    from tests.projects.factories import CallFactory

    call = CallFactory(title_en="Experts wanted")
    article = ArticleFactory(project=call.project, call=call)
    html = client.get(article.get_absolute_url()).text
    assert f'href="{call.project.get_absolute_url()}"' in html
    assert f'href="{call.get_absolute_url()}">Experts wanted</a>' in html


def test_article_page_hides_an_unpublished_project(client):
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(is_published=False, title_en="Secret project")
    article = ArticleFactory(project=project)
    assert "Secret project" not in client.get(article.get_absolute_url()).text
