from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import translation

from newsletter.models import Article, Issue
from portal.core.models import Page, SiteSettings

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    objects = [
        *SiteSettings.objects.all(),
        *Page.objects.order_by("pk"),
        *Issue.objects.order_by("pk"),
        *Article.objects.order_by("pk"),
    ]
    return serializers.serialize("json", objects)


def test_load_demo_creates_the_site_pages_in_both_languages():
    call_command("load_demo", stdout=StringIO())
    about = Page.objects.get(key=Page.Key.ABOUT)
    assert "3E" in about.body_en and "3E" in about.body_fr
    assert about.slug_fr == "a-propos"
    assert Page.objects.get(key=Page.Key.PRIVACY).version


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert "0 object(s) created" in out.getvalue()


def test_load_demo_keeps_what_staff_edited():
    call_command("load_demo", stdout=StringIO())
    Page.objects.filter(key=Page.Key.ABOUT).update(title_en="Edited by staff")
    call_command("load_demo", stdout=StringIO())
    assert Page.objects.get(key=Page.Key.ABOUT).title_en == "Edited by staff"


def test_load_demo_creates_the_newsletter_issue_in_both_languages(client):
    call_command("load_demo", stdout=StringIO())
    issue = Issue.objects.get(number=1)
    assert issue.is_public
    articles = list(issue.articles.all())
    assert len(articles) == 4
    assert all(a.title_fr and a.body_fr and a.slug_fr for a in articles)
    assert "Tahoua" in articles[1].body_fr
    with translation.override("fr"):
        url = articles[2].get_absolute_url()
    assert url == "/fr/actualites/1/diaspora-sante-education-rwanda/"
    assert "Trente membres qualifiés" in client.get(url).text
