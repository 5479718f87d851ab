"""Staff preview of drafts in either language: never cached, never indexed, 404 for others."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from newsletter.models import Issue
from portal.core import preview
from tests.events.factories import EventFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory
from tests.portal.factories import PageFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def preview_url(obj, language: str) -> str:
    with translation.override(language):
        return preview.preview_url(obj)


def test_staff_preview_a_draft_article_in_french_never_cached_nor_indexed(admin_client):
    article = ArticleFactory(
        issue=IssueFactory(status=Issue.Status.DRAFT), title_fr="Brouillon secret"
    )
    url = preview_url(article, "fr")
    assert url.startswith("/fr/apercu/newsletter.article/")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.text
    assert "Brouillon secret" in html
    assert '<html lang="fr">' in html
    assert "Cet élément n’est pas encore public." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: PageFactory(is_published=False),
        lambda: ProjectFactory(is_published=False),
        lambda: EventFactory(is_published=False),
        lambda: IssueFactory(status=Issue.Status.DRAFT),
    ],
    ids=["page", "project", "event", "issue"],
)
def test_every_draft_kind_previews_in_both_languages(admin_client, make):
    obj = make()
    for code in ("en", "fr"):
        response = admin_client.get(preview_url(obj, code))
        assert response.status_code == 200, code
        assert str(obj.title) in response.text or obj.title_fr in response.text


def test_preview_is_404_for_the_public_and_for_visitors_with_an_account(client, django_user_model):
    page = PageFactory(is_published=False)
    url = preview_url(page, "en")
    assert client.get(url).status_code == 404
    member = django_user_model.objects.create_user("member", password="x")
    client.force_login(member)
    assert client.get(url).status_code == 404


def test_preview_needs_the_permission_to_see_that_kind_of_content(client, staff_without_role):
    page = PageFactory(is_published=False)
    client.force_login(staff_without_role)
    assert client.get(preview_url(page, "en")).status_code == 404
    staff_without_role.user_permissions.add(Permission.objects.get(codename="change_page"))
    assert client.get(preview_url(page, "en")).status_code == 200


def test_preview_of_an_unknown_kind_or_object_is_404(admin_client):
    assert admin_client.get("/en/preview/auth.user/1/").status_code == 404
    assert admin_client.get("/en/preview/portal.page/999999/").status_code == 404
    assert admin_client.get("/en/preview/nonsense/1/").status_code == 404


def test_the_public_page_of_a_draft_stays_404(client):
    page = PageFactory(is_published=False)
    assert client.get(page.get_absolute_url()).status_code == 404


def test_change_form_links_to_the_preview_in_each_language(admin_client):
    page = PageFactory(is_published=False)
    html = admin_client.get(reverse("admin:portal_page_change", args=[page.pk])).text
    assert f'href="{preview_url(page, "en")}"' in html
    assert f'href="{preview_url(page, "fr")}"' in html
    assert "Preview in French" in html


def test_a_drafts_public_url_sends_only_staff_who_may_preview_it_to_the_preview(
    client, staff_without_role
):
    issue = IssueFactory(status=Issue.Status.DRAFT)
    client.force_login(staff_without_role)
    assert client.get(issue.get_absolute_url()).status_code == 404
    staff_without_role.user_permissions.add(Permission.objects.get(codename="view_issue"))
    response = client.get(issue.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == preview_url(issue, "en")
