import re
import socket
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from newsletter.models import Subscriber
from portal.core.models import SiteSettings
from portal.site.views import server_error
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("accept", "target"), [("fr-BE,fr;q=0.9", "/fr/"), ("en-GB", "/en/")])
def test_root_redirects_by_accept_language(client, accept, target):
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_page_declares_its_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text


def test_url_paths_are_translated(client):
    assert client.get("/en/events/").status_code == 200
    assert client.get("/fr/evenements/").status_code == 200
    assert client.get("/fr/events/").status_code == 404
    assert client.get("/fr/actualites/").status_code == 200
    assert client.get("/fr/projets/").status_code == 200
    assert client.get("/fr/participer/").status_code == 200


def test_page_has_one_h1_a_skip_link_and_landmarks(client):
    html = client.get("/en/").text
    assert len(re.findall(r"<h1\b", html)) == 1
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", '<main id="main"', "<footer", 'aria-label="Main"'):
        assert landmark in html


def test_language_switcher_keeps_the_visitor_on_the_same_page(client):
    html = client.get("/en/events/").text
    assert (
        '<a href="/fr/evenements/" hreflang="fr" lang="fr">'
        '<span class="language-switcher__name">Français</span>'
    ) in html


def test_language_switcher_goes_to_the_same_object_in_the_other_language(client):
    page = PageFactory(slug_en="about-us", slug_fr="qui-sommes-nous")
    html = client.get("/en/pages/about-us/").text
    assert 'href="/fr/pages/qui-sommes-nous/" hreflang="fr"' in html
    assert (
        '<link rel="alternate" hreflang="fr" href="http://testserver/fr/pages/qui-sommes-nous/">'
        in html
    )
    assert page.title_en in html


def test_a_slug_from_the_other_language_redirects_to_the_right_one(client):
    PageFactory(slug_en="about-us", slug_fr="qui-sommes-nous")
    response = client.get("/fr/pages/about-us/")
    assert response.status_code == 301
    assert response["Location"] == "/fr/pages/qui-sommes-nous/"


def test_untranslated_page_shows_english_marked_with_a_french_notice(client):
    PageFactory(slug_en="news-only", slug_fr=None, title_fr="", body_fr="", title_en="Only English")
    response = client.get("/fr/pages/news-only/")
    assert response.status_code == 200
    html = response.text
    assert "Ce contenu n’est pas encore disponible en français" in html
    assert '<article class="page" lang="en">' in html
    assert "Only English" in html


def test_translated_page_has_no_fallback_notice(client):
    PageFactory(slug_fr="complete")
    html = client.get("/fr/pages/complete/").text
    assert "pas encore disponible" not in html
    assert 'lang="en">' not in html.split('<main id="main"')[1].split("</main>")[0]


def test_unpublished_page_is_404(client):
    PageFactory(slug_en="draft", is_published=False)
    assert client.get("/en/pages/draft/").status_code == 404


@pytest.mark.parametrize(
    ("path", "text"),
    [("/en/nowhere/", "Page not found"), ("/fr/nulle-part/", "Page introuvable")],
)
def test_404_page_is_in_the_visitors_language(client, path, text):
    response = client.get(path)
    assert response.status_code == 404
    assert text in response.text


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Something went wrong"), ("fr", "Une erreur")]
)
def test_500_page_is_in_the_visitors_language(client, language, text):
    client.raise_request_exception = False
    with mock.patch("portal.site.views.HomeView.get", side_effect=RuntimeError("boom")):
        response = client.get(f"/{language}/")
    assert response.status_code == 500
    assert text in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()


def test_footer_shows_settings_staff_can_change_without_a_deploy(client):
    call_command("load_demo", stdout=mock.MagicMock())
    assert "Portail de la diaspora" in client.get("/fr/").text
    settings_row = SiteSettings.load()
    settings_row.organisation_name_en = "Office of Tests"
    settings_row.address_en = "1 Test Street\nTestville"
    settings_row.save()
    html = client.get("/en/").text
    assert "Office of Tests" in html
    assert "1 Test Street<br>Testville" in html
    assert 'href="/en/pages/privacy/">Privacy notice</a>' in html


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_sitemap_lists_pages_in_both_languages_with_alternates(client):
    PageFactory(slug_en="about-us", slug_fr="qui-sommes-nous")
    xml = client.get("/sitemap.xml").text
    assert "<loc>http://testserver/en/pages/about-us/</loc>" in xml
    assert "<loc>http://testserver/fr/pages/qui-sommes-nous/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="fr" href="http://testserver/fr/pages/qui-sommes-nous/"/>'
        in xml
    )
    assert "<loc>http://testserver/fr/evenements/</loc>" in xml


def closed_port() -> int:
    """A local TCP port nothing listens on: connections to it are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """Every cache alias on a Redis that cannot be reached, as production configures them."""
    unreachable = {
        "BACKEND": "portal.core.redis_cache.FailOpenRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {alias: dict(unreachable) for alias in ("default", "ratelimit", "pages")}


def test_healthz_reports_the_database_and_every_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "cache:pages": "ok", "cache:ratelimit": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_fails(client):
    with mock.patch("portal.site.views.connection.cursor", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"
    assert response.json()["checks"]["cache"] == "ok"


def test_healthz_is_503_naming_the_cache_when_redis_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "error",
        "checks": {
            "database": "ok",
            "cache": "error",
            "cache:ratelimit": "error",
            "cache:pages": "error",
        },
    }


@pytest.mark.parametrize("language", ["en", "fr"])
def test_with_redis_down_pages_render_uncached(client, redis_down, language):
    for _ in range(2):
        response = client.get(f"/{language}/")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.text
        assert "X-Page-Cache" not in response


def test_with_redis_down_forms_work_and_rate_limits_fail_open(client, redis_down, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 1
    for number in range(3):
        response = client.post(
            "/en/news/subscribe/",
            {"email": f"reader{number}@example.org", "language": "en", "consent": "on"},
        )
        assert response.status_code == 302
    assert Subscriber.objects.count() == 3


def test_with_redis_down_the_admin_login_works(client, redis_down, admin_user):
    assert client.get("/admin/login/").status_code == 200
    assert client.login(username=admin_user.username, password="password")
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("path", "headers", "text"),
    [
        ("/en/events/", {}, "Something went wrong"),
        ("/fr/evenements/", {}, "Une erreur"),
        ("/healthz", {"accept-language": "fr-BE,fr;q=0.9"}, "Une erreur"),
        ("/healthz", {"accept-language": "en-GB"}, "Something went wrong"),
    ],
)
def test_500_page_touches_neither_the_database_nor_the_cache(
    rf, settings, django_assert_num_queries, path, headers, text
):
    """The 500 page renders in the visitor's language while the database and Redis are
    both gone: a cache that raises, and no query allowed."""
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
        for alias in ("default", "ratelimit", "pages")
    }
    request = rf.get(path, headers=headers)
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert text in html
    assert "site.css" in html  # the styled page, not a bare error
    assert "no-store" in response["Cache-Control"]


def test_security_headers_forbid_inline_script_and_framing(client):
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_load_nothing_from_another_host(client):
    call_command("load_demo", stdout=mock.MagicMock())
    html = client.get("/fr/").text
    assert not re.search(r'(src|href)="(https?:)?//(?!testserver)', html.split("<body>")[0])
    assert "<script>" not in html


def test_csrf_failure_is_explained_in_the_visitors_language(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/fr/pages/nothing/", {})
    assert response.status_code == 403
    assert "Votre formulaire a expiré" in response.text


def test_favicon_redirects_to_the_static_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")


def test_500_page_falls_back_to_plain_text_when_its_template_fails(rf, settings, tmp_path):
    (tmp_path / "500.html").write_text("{% url 'no-such-page' %}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    response = server_error(rf.get("/fr/"))
    assert response.status_code == 500
    assert response.content.decode() == (
        "Une erreur s’est produite. Veuillez réessayer dans quelques minutes."
    )
