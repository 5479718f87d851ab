"""The site in a third, right-to-left language, with no code written for it.

Run by tests/portal/test_third_language.py in its own process, with
--ds=tests.settings_third_language (Arabic added to LANGUAGES) and --nomigrations (the `_ar`
columns exist in no migration). The demo content is written in English and French only, so
every Arabic page falls back to English and must say so.
"""

import re
from io import StringIO
from unittest import mock
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from events.models import Event
from projects.models import Project

pytestmark = pytest.mark.django_db

CODES = ["en", "fr", "ar"]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def get_ar(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def hreflangs(html: str) -> dict[str, str]:
    head = html.split("</head>")[0]
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', head))


def test_settings_offer_three_languages():
    assert [code for code, _name in settings.LANGUAGES] == CODES


def test_public_pages_are_arabic_right_to_left_with_three_alternates(client, demo):
    with translation.override("ar"):
        project = Project.objects.published().first()
        event = Event.objects.published().first()
        urls = [
            reverse("portal:home"),
            reverse("projects:project-list"),
            reverse("events:event-list"),
            reverse("newsletter:issue-list"),
            reverse("portal:get-involved"),
            project.get_absolute_url(),
            event.get_absolute_url(),
        ]
    for url in urls:
        assert unquote(url).startswith("/ar/"), url
        html = get_ar(client, url)
        assert '<html lang="ar" dir="rtl">' in html, url
        alternates = hreflangs(html)
        assert set(CODES) <= set(alternates), url
        assert unquote(alternates["ar"]).endswith(unquote(url)), url


def test_nav_and_switcher_are_in_arabic_and_list_every_language(client, demo):
    with translation.override("ar"):
        html = get_ar(client, reverse("portal:home"))
    for text in ("المشاريع", "الفعاليات", "الأخبار", "شارك معنا", "الانتقال إلى المحتوى الرئيسي"):
        assert text in html
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    for code in CODES:
        assert f'lang="{code}"' in switcher


def test_url_paths_are_translated(client, demo):
    urls = {}
    for code in CODES:
        with translation.override(code):
            urls[code] = reverse("projects:project-list")
    assert urls == {"en": "/en/projects/", "fr": "/fr/projets/", "ar": urls["ar"]}
    assert unquote(urls["ar"]) == "/ar/مشاريع/"
    html = get_ar(client, urls["ar"])
    assert f'<a href="{urls["ar"]}" aria-current="page">المشاريع</a>' in html


def test_an_object_page_under_another_language_slug_redirects_once(client, demo):
    project = Project.objects.published().first()
    with translation.override("ar"):
        url = project.get_absolute_url()
    response = client.get(url.replace(project.slug_en, project.slug_fr))
    assert response.status_code == 301
    assert response["Location"] == url
    get_ar(client, url)


def test_missing_arabic_content_falls_back_to_english_and_says_so(client, demo):
    project = Project.objects.published().first()
    assert not project.title_ar
    with translation.override("ar"):
        html = get_ar(client, project.get_absolute_url())
    notice = html.split('class="notice notice--info fallback-notice">')[1].split("</p>")[0]
    assert notice in {
        "هذا المحتوى غير متوفر بلغتك بعد، لذا يُعرض باللغة الإنجليزية.",
        "هذا المحتوى منشور باللغة الإنجليزية فقط.",
    }
    assert '<article class="project" lang="en">' in html
    assert project.title_en in html


def test_written_arabic_content_is_shown_without_fallback(client, demo):
    project = Project.objects.published().first()
    project.title_ar = "مهارات صحية"
    project.slug_ar = "maharat-sihhiya"
    project.summary_ar = "ملخص المشروع"
    project.body_ar = "<p>نص المشروع</p>"
    project.save()
    with translation.override("ar"):
        url = project.get_absolute_url()
    assert url.endswith("/maharat-sihhiya/")
    html = get_ar(client, url)
    assert "مهارات صحية" in html
    assert 'class="project" lang="en"' not in html


def test_sitemap_lists_three_languages_with_alternates(client, demo):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", body)
    sections = [loc.removeprefix("http://testserver") for loc in locations if "sitemap" in loc]
    if sections:  # a sitemap index: read its sections
        body = "".join(client.get(section).content.decode() for section in sections)
    for code in CODES:
        assert f'hreflang="{code}"' in body
    assert "/ar/" in body


def test_admin_change_form_has_a_tab_per_language(admin_client, demo):
    project = Project.objects.first()
    response = admin_client.get(reverse("admin:projects_project_change", args=[project.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for code in CODES:
        assert f'name="title_{code}"' in html
        assert f"mt-field-title-{code}" in html
    assert "tabbed_translation_fields" in html


def test_search_in_arabic_falls_back_to_english_text(client, demo):
    project = Project.objects.published().first()
    word = project.title_en.split()[0]
    with translation.override("ar"):
        html = get_ar(client, reverse("portal:search") + f"?q={word}")
    assert project.title_en.split()[0] in html


def test_error_pages_are_right_to_left_in_arabic(client):
    response = client.get("/ar/nowhere/")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    client.raise_request_exception = False
    with mock.patch("portal.site.views.HomeView.get", side_effect=RuntimeError("boom")):
        response = client.get("/ar/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'href="/ar/"' in html
