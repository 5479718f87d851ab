"""Publishing rules: no publication with a language missing (unless "English only"),
scheduled publication at its time and never before."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from events.models import Event
from newsletter import services
from newsletter.exceptions import IssueTranslationMissing
from newsletter.models import Issue
from portal.core.models import Page
from portal.core.periodic import periodic_task_paths
from portal.core.publishing import PUBLISHABLE_MODELS, publish_due
from portal.core.tasks import publish_scheduled
from projects.models import Call, Project
from tests.events.factories import EventFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.portal.factories import PageFactory
from tests.projects.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def page_form(**overrides) -> dict:
    data = {
        "title_en": "Who we are",
        "title_fr": "",
        "slug_en": "who-we-are",
        "slug_fr": "",
        "summary_en": "",
        "summary_fr": "",
        "body_en": "<p>About us</p>",
        "body_fr": "",
        "key": "",
        "version": "",
        "is_published": "on",
        "publish_at_0": "",
        "publish_at_1": "",
    }
    return {**data, **overrides}


def test_every_content_model_with_a_public_page_follows_the_publishing_rules():
    assert {Page, Issue, Project, Call, Event} <= set(PUBLISHABLE_MODELS)


def test_publishing_is_refused_with_a_clear_message_while_french_is_missing(admin_client):
    response = admin_client.post(reverse("admin:portal_page_add"), page_form())
    assert response.status_code == 200
    assert not Page.objects.filter(slug_en="who-we-are").exists()
    html = response.text
    assert "Who we are cannot be published: the French text is missing" in html
    assert "tick “Publish in English only”" in html


def test_a_draft_may_miss_its_french(admin_client):
    response = admin_client.post(reverse("admin:portal_page_add"), page_form(is_published=""))
    assert response.status_code == 302
    assert Page.objects.get(slug_en="who-we-are").is_published is False


def test_publish_in_english_only_is_allowed_and_announced_on_the_french_page(admin_client):
    response = admin_client.post(reverse("admin:portal_page_add"), page_form(english_only="on"))
    assert response.status_code == 302
    page = Page.objects.get(slug_en="who-we-are")
    admin_client.logout()
    with translation.override("fr"):
        url = page.get_absolute_url()
    html = admin_client.get(url).text
    assert "Ce contenu est publié en anglais seulement." in html
    assert '<article class="page" lang="en">' in html


def test_english_only_never_excuses_a_missing_english_text():
    page = PageFactory.build(title_en="", title_fr="Titre", english_only=True)
    with pytest.raises(ValidationError, match="the English text is missing"):
        page.clean()


def test_an_issue_is_not_published_while_one_of_its_articles_misses_french():
    issue = IssueFactory(status=Issue.Status.DRAFT)
    article = ArticleFactory(issue=issue, title_fr="", slug_fr=None, body_fr="")
    issue.status = Issue.Status.PUBLISHED
    article.issue = issue
    with pytest.raises(ValidationError, match="French text is missing"):
        article.full_clean()
    issue.english_only = True
    article.full_clean()


def test_an_issue_is_not_sent_while_an_article_misses_french_unless_overridden():
    SubscriberFactory()
    issue = IssueFactory()
    ArticleFactory(issue=issue, title_fr="", slug_fr=None, body_fr="")
    with pytest.raises(IssueTranslationMissing, match="French text is missing"):
        services.issue_send(issue=issue)
    issue.refresh_from_db()
    assert issue.send_started_at is None

    issue.english_only = True
    issue.save()
    assert services.issue_send(issue=issue) == 1


def test_send_action_shows_the_missing_translation_to_staff(admin_client):
    issue = IssueFactory()
    ArticleFactory(issue=issue, body_fr="")
    response = admin_client.post(
        reverse("admin:newsletter_issue_changelist"),
        {"action": "send_to_subscribers", "_selected_action": [issue.pk]},
        follow=True,
    )
    assert "French text is missing (body)" in response.text


def test_a_scheduled_page_becomes_public_only_after_its_time(client):
    page = PageFactory(publish_at=NOON)
    url = page.get_absolute_url()
    with time_machine.travel(NOON - timedelta(minutes=1), tick=False):
        assert client.get(url).status_code == 404
        assert page not in Page.objects.published()
        assert page in Page.objects.scheduled()
    with time_machine.travel(NOON, tick=False):
        assert client.get(url).status_code == 200
        assert page in Page.objects.published()


def test_a_scheduled_project_and_event_are_hidden_from_lists_until_their_time(
    client, django_capture_on_commit_callbacks
):
    project = ProjectFactory(publish_at=NOON)
    event = EventFactory(publish_at=NOON)
    with time_machine.travel(NOON - timedelta(seconds=1), tick=False):
        assert project.title not in client.get(reverse("projects:project-list")).text
        assert client.get(project.get_absolute_url()).status_code == 404
        assert client.get(event.get_absolute_url()).status_code == 404
        assert project.title not in client.get(reverse("sitemap")).text
    with time_machine.travel(NOON + timedelta(seconds=1), tick=False):
        # The detail pages were never cached (404); the list page was, before NOON.
        assert client.get(event.get_absolute_url()).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            publish_due()  # what the worker runs every minute: the cached list is renewed
        assert project.title in client.get(reverse("projects:project-list")).text


def test_a_published_issue_with_a_future_time_is_not_shown_early(client):
    issue = IssueFactory(status=Issue.Status.PUBLISHED, publish_at=NOON)
    with time_machine.travel(NOON - timedelta(minutes=5), tick=False):
        assert client.get(issue.get_absolute_url()).status_code == 404
    with time_machine.travel(NOON + timedelta(minutes=5), tick=False):
        assert client.get(issue.get_absolute_url()).status_code == 200


def test_the_periodic_task_publishes_a_scheduled_issue_at_its_time_not_before():
    with time_machine.travel(NOON - timedelta(days=1), tick=False):
        issue = IssueFactory(status=Issue.Status.SCHEDULED, publish_at=NOON)
    with time_machine.travel(NOON - timedelta(minutes=1), tick=False):
        publish_due()
        issue.refresh_from_db()
        assert issue.status == Issue.Status.SCHEDULED
    with time_machine.travel(NOON + timedelta(minutes=1), tick=False):
        publish_scheduled.enqueue()
        issue.refresh_from_db()
        assert issue.status == Issue.Status.PUBLISHED
        assert issue.history.first().history_change_reason == "Scheduled publication"
        assert publish_due() == 0  # idempotent: nothing left to do


def test_the_publishing_task_runs_with_the_worker():
    assert "portal.core.tasks.publish_scheduled" in periodic_task_paths()


def test_a_scheduled_privacy_page_joins_the_footer_at_its_time_despite_the_cache(client):
    with time_machine.travel(NOON - timedelta(minutes=10), tick=False):
        page = PageFactory(key=Page.Key.PRIVACY, publish_at=NOON, title_en="Privacy notice")
        assert page.get_absolute_url() not in client.get("/en/").text  # cached without it
    with time_machine.travel(NOON + timedelta(seconds=5), tick=False):
        assert page.get_absolute_url() in client.get("/en/").text


@pytest.mark.parametrize(
    "make",
    [
        lambda: ProjectFactory.build(summary_fr="", body_fr=""),
        lambda: EventFactory.build(description_fr=""),
        lambda: PageFactory.build(body_fr=""),
    ],
    ids=["project", "event", "page"],
)
def test_no_published_content_kind_escapes_the_french_check(make):
    obj = make()
    with pytest.raises(ValidationError, match="French text is missing"):
        obj.clean()
    obj.english_only = True
    obj.clean()
    obj.english_only, obj.is_published = False, False
    obj.clean()


def test_a_call_missing_french_cannot_be_published():
    call = CallFactory.build(description_fr="")
    with pytest.raises(ValidationError, match="French text is missing"):
        call.clean()
