import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event
from newsletter.models import Article, Issue
from portal.core.models import Page

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def article(key_slug: str) -> Article:
    return Article.objects.get(slug_en=key_slug)


def hrefs(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', html)


def test_the_issue_has_no_invented_date_or_season(demo):
    issue = Issue.objects.get(number=1)
    assert issue.date == timezone.localdate()  # the day it was put on the portal
    assert issue.title_en == "Diaspora Newsletter"
    for code in LANGUAGES:
        title = getattr(issue, f"title_{code}")
        assert "2019" not in title and "Autumn" not in title and "automne" not in title


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_in_the_demo_articles_resolves(client, demo, language):
    links = []
    for item in Article.objects.all():
        links += hrefs(getattr(item, f"body_{language}"))
    assert len(links) == 4
    for link in links:
        assert link.startswith(f"/{language}/")
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("language", LANGUAGES)
def test_rwanda_calls_to_action_link_to_the_info_session_project_and_contact(demo, language):
    body = getattr(article("diaspora-support-health-education-rwanda"), f"body_{language}")
    event = Event.objects.get(slug_en="rwanda-diaspora-info-session-brussels")
    with translation.override(language):
        contact = reverse("portal:contact")
        expected = [
            article("diaspora-support-health-education-rwanda").project.get_absolute_url(),
            event.get_absolute_url(),
            contact,
        ]
    assert hrefs(body) == expected


def test_no_video_is_promised_that_the_demo_does_not_have(demo):
    women = article("empowering-female-diaspora-associations")
    assert women.video_url == ""
    assert "neither the interviews nor the video is available on this portal" in women.body_en
    assert "ne sont disponibles sur ce portail" in women.body_fr
    assert "take a look at this short video" not in women.body_en


def test_french_demo_texts_follow_french_typography(demo):
    texts = [
        getattr(obj, f"{field}_fr")
        for model, fields in [
            (Issue, ["title", "intro"]),
            (Article, ["title", "summary", "body"]),
            (Page, ["title", "summary", "body"]),
            (Event, ["title", "description"]),
        ]
        for obj in model.objects.all()
        for field in fields
    ]
    text = re.sub(r"<[^>]+>", "", "\n".join(texts))
    assert "'" not in text
    assert "réinstallation" not in text
    assert "électronique" not in text  # "courriel"
    assert not re.search(r"[^\u202f][;:!?»]", text)
    assert not re.search(r"«[^\u202f]", text)
