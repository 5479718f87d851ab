"""What the outside review of issue 13 found (each test failed before its fix)."""

import io
import logging

import pytest
from django.contrib.auth.models import Permission

from newsletter import emails
from newsletter.models import Issue
from portal.core import preview
from portal.core.access_log import RedactedPathFilter, redacted
from tests.events.factories import EventFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.portal.factories import PageFactory
from tests.projects.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_programme_officers_who_only_read_issues_cannot_send_them(client, programme_officer):
    issue = IssueFactory(status=Issue.Status.PUBLISHED)
    client.force_login(programme_officer)
    changelist = client.get("/admin/newsletter/issue/")
    assert changelist.status_code == 200
    assert "send_to_subscribers" not in changelist.text
    assert "send_test_to_me" not in changelist.text
    response = client.post(
        "/admin/newsletter/issue/",
        {"action": "send_to_subscribers", "_selected_action": [issue.pk]},
    )
    issue.refresh_from_db()
    assert issue.send_started_at is None
    assert response.status_code in (200, 302)


def test_editors_still_send_issues(editor_client):
    IssueFactory(status=Issue.Status.PUBLISHED)
    assert "send_to_subscribers" in editor_client.get("/admin/newsletter/issue/").text


def console_output(client, method: str, path: str) -> str:
    """What the console handler of the settings' LOGGING prints for one request."""
    [handler] = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactedPathFilter) for f in h.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        getattr(client, method)(path)
    finally:
        handler.setStream(previous)
    return stream.getvalue()


def test_a_personal_link_never_reaches_the_application_log(client):
    token = "Zm9yZ2VkLXRva2Vu:1xYcHy:X4ZBforgedforgedforgedforgedforgedforg"
    output = console_output(client, "post", f"/newsletter/unsubscribe/{token}/")
    assert "Not Found: /newsletter/unsubscribe/[token]/" in output
    assert token not in output


def test_head_on_a_personal_link_answers_like_get_and_logs_nothing(client):
    output = console_output(client, "head", "/en/registrations/not-a-real-token/")
    assert "Method Not Allowed" not in output


def test_feed_summaries_are_text_not_markup(client):
    ArticleFactory(
        issue=IssueFactory(status=Issue.Status.PUBLISHED),
        summary_en='"><img src=x onerror=alert(2)>',
    )
    feed = client.get("/en/news/feed/").text
    assert "&lt;img" not in feed.replace("&amp;lt;img", "")
    assert "&amp;lt;img src=x onerror=alert(2)&amp;gt;" in feed


@pytest.mark.parametrize(
    ("make", "codename"),
    [
        (lambda: ProjectFactory(is_published=False), "view_project"),
        (lambda: CallFactory(is_published=False), "view_call"),
        (lambda: EventFactory(is_published=False), "view_event"),
        (lambda: PageFactory(is_published=False), "view_page"),
    ],
    ids=["project", "call", "event", "page"],
)
def test_every_drafts_public_url_leads_staff_who_may_preview_it_to_the_preview(
    client, staff_without_role, make, codename
):
    draft = make()
    client.force_login(staff_without_role)
    assert client.get(draft.get_absolute_url()).status_code == 404
    staff_without_role.user_permissions.add(Permission.objects.get(codename=codename))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == preview.preview_url(draft)


@pytest.mark.parametrize(
    "path",
    [
        "/fr/news/subscription/{token}/",  # the English path under the French prefix
        "/en/news/subscription/{token}/extra/",  # a segment added by a mail client
        "/en/news/subscription/{token}",  # the trailing slash lost
    ],
)
def test_a_mangled_personal_link_never_reaches_the_application_log(client, path):
    token = "Zm9yZ2VkLXRva2Vu:1xYcHy:X4ZBforgedforgedforgedforgedforgedforg"
    output = console_output(client, "get", path.format(token=token))
    assert token not in output
    assert redacted(path.format(token=token)) == path.format(token="[token]")


def test_slugs_stay_readable_in_the_log():
    path = "/en/events/info-session-for-the-rwandan-diaspora-brussels/extra/"
    assert redacted(path) == path


def test_a_header_given_by_the_caller_is_not_written_twice(db):
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    message = emails.IssueRenderer(issue).message(SubscriberFactory())
    message.extra_headers["Message-ID"] = "<given@example.org>"
    assert message.message().get_all("Message-ID") == ["<given@example.org>"]
