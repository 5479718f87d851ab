"""An issue's translation status includes its articles, a project's its calls: an article
with no French makes its issue's French "missing" in the admin list and filters."""

import pytest
from django.urls import reverse

from newsletter.models import Article
from tests.newsletter.factories import ArticleFactory, IssueFactory
from tests.projects.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db

ISSUES = reverse("admin:newsletter_issue_changelist")
PROJECTS = reverse("admin:projects_project_changelist")
MISSING_FR = (
    '<span class="translation-missing" title="missing (in its articles)">FR ✗'
    '<span class="visually-hidden"> missing (in its articles)</span></span>'
)


def test_issue_with_an_article_without_french_is_missing_in_french(admin_client):
    issue = IssueFactory(title_en="June issue")
    ArticleFactory(issue=issue)
    untranslated = ArticleFactory(issue=issue)
    Article.objects.filter(pk=untranslated.pk).update(body_fr="")
    html = admin_client.get(ISSUES).text
    assert MISSING_FR in html
    assert "FR ✓" not in html

    assert "June issue" in admin_client.get(ISSUES, {"translation": "missing-fr"}).text
    assert "June issue" in admin_client.get(ISSUES, {"translation": "needed"}).text
    assert "June issue" not in admin_client.get(ISSUES, {"translation": "complete"}).text


def test_issue_whose_articles_are_translated_is_complete(admin_client):
    issue = IssueFactory(title_en="July issue")
    ArticleFactory(issue=issue)
    html = admin_client.get(ISSUES).text
    assert '<span class="translation-complete" title="complete">FR ✓' in html
    assert "July issue" in admin_client.get(ISSUES, {"translation": "complete"}).text
    assert "July issue" not in admin_client.get(ISSUES, {"translation": "missing-fr"}).text


def test_issue_with_an_out_of_date_article_is_out_of_date(admin_client):
    issue = IssueFactory(title_en="August issue")
    article = ArticleFactory(issue=issue)
    article.body_en = "<p>The English text, rewritten.</p>"
    article.save()
    html = admin_client.get(ISSUES).text
    assert 'title="out of date (in its articles)">FR ⚠' in html
    assert "August issue" in admin_client.get(ISSUES, {"translation": "outdated-fr"}).text


def test_project_with_a_call_without_french_is_missing_in_french(admin_client):
    project = ProjectFactory(title_en="Health skills")
    CallFactory(project=project, description_fr="")
    html = admin_client.get(PROJECTS).text
    assert 'title="missing (in its calls for cooperation)">FR ✗' in html
    assert "Health skills" in admin_client.get(PROJECTS, {"translation": "missing"}).text


def test_issue_list_reads_articles_in_one_query(admin_client, django_assert_max_num_queries):
    for _n in range(5):
        ArticleFactory(issue=IssueFactory())
    admin_client.get(ISSUES)  # warm the caches (site settings, content types)
    with django_assert_max_num_queries(15):
        assert admin_client.get(ISSUES).status_code == 200


def test_issue_change_form_summary_counts_its_articles(admin_client):
    issue = IssueFactory()
    untranslated = ArticleFactory(issue=issue)
    Article.objects.filter(pk=untranslated.pk).update(body_fr="")
    html = admin_client.get(reverse("admin:newsletter_issue_change", args=[issue.pk])).text
    assert '<li class="translation-missing">French: <strong>missing</strong></li>' in html
