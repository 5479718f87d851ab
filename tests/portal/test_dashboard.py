"""The admin index shows what needs attention, with the counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter import services
from portal.core.models import SiteSettings
from tests.events.factories import SessionFactory
from tests.newsletter.factories import IssueFactory, SubscriberFactory
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_admin_index_shows_the_counts(admin_client, django_capture_on_commit_callbacks):
    PageFactory(title_fr="", body_fr="", slug_fr=None)  # missing
    stale = PageFactory()
    stale.body_en = "<p>Changed</p>"
    stale.save()  # out of date
    PageFactory(title_en="Later page", publish_at=timezone.now() + timedelta(days=2))
    SessionFactory(event__title_en="Job fair", capacity=40)
    SessionFactory(event__title_en="Far away", starts_at=timezone.now() + timedelta(days=45))
    SubscriberFactory.create_batch(3, language="en")
    SubscriberFactory.create_batch(2, language="fr")
    SubscriberFactory(language="fr", status="pending")
    issue = IssueFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=issue)

    response = admin_client.get(reverse("admin:index"))
    html = response.text
    data = response.context["translations"]
    pages = next(row for row in data if row["name"] == "pages")
    assert (pages["missing"], pages["outdated"]) == (1, 1)
    assert "?translation=outdated" in html
    assert "Later page" in html  # scheduled
    assert "Job fair" in html
    assert "0 of 40" in html
    assert "Far away" not in html  # beyond 30 days
    panels = [panel for _template, panel in response.context["panels"]]
    subscribers = next(panel["subscribers"] for panel in panels if "subscribers" in panel)
    assert [(row["code"], row["count"]) for row in subscribers] == [
        ("en", 3),
        ("fr", 2),
    ]
    assert "5 sent, 0 failed, 0 pending" in html
    assert "New applications and interests per call" in html


def test_admin_index_says_when_nothing_needs_attention(admin_client):
    settings_row = SiteSettings.load()
    for name in ("site_name", "tagline", "organisation_name", "address"):
        setattr(settings_row, f"{name}_fr", getattr(settings_row, f"{name}_en") or "x")
    settings_row.save()
    html = admin_client.get(reverse("admin:index")).text
    assert "Every text is translated and up to date." in html
    assert "Nothing is scheduled." in html
    assert "No issue has been sent yet." in html


def test_admin_index_query_budget_does_not_grow_with_content(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        PageFactory(publish_at=timezone.now() + timedelta(days=1))
        SessionFactory(capacity=10)
        admin_client.get(reverse("admin:index"))  # warm the session and site settings
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(reverse("admin:index"))
        return len(queries)

    first = count()
    for _ in range(5):
        last = count()
    assert last == first
    assert first <= 46  # grows with each app's panel (alerts: 2, talent: 2), never with content
