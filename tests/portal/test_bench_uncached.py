"""The uncached pages benchmark (bench/uncached_pages.py) at a tiny size: its content
multiplier (bench/uncached_data.py) adds marked copies whose pages answer, and every page
type it measures has a URL that answers in both languages."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from events.models import Event, Session
from newsletter.models import Article, Issue
from projects.models import Call, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench(monkeypatch, settings):
    settings.PAGE_CACHE_ENABLED = False
    # bench/ holds scripts that import each other by name, not a package.
    monkeypatch.syspath_prepend(str(settings.BASE_DIR / "bench"))
    import uncached_data
    import uncached_pages

    call_command("load_demo", stdout=StringIO())
    return uncached_data, uncached_pages


def test_multiplied_content_is_marked_and_its_pages_answer(bench, client):
    uncached_data, _pages = bench
    models = (Project, Call, Event, Session, Issue, Article)
    before = {model.__name__: model.objects.count() for model in models}
    counts = uncached_data.multiply(3)
    assert counts == {**counts, **{name: 3 * n for name, n in before.items()}}
    copies = [
        Project.objects.get(slug=f"{Project.objects.order_by('pk').first().slug}-bench-copy-3"),
        Call.objects.filter(slug__endswith="-bench-copy-2").first(),
        Event.objects.filter(slug__endswith="-bench-copy-2").first(),
        Article.objects.filter(issue__number__gte=3000).first(),
    ]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for copy in copies:
                assert "(bench copy" in copy.title, copy
                assert client.get(copy.get_absolute_url()).status_code == 200, copy
    article = copies[-1]
    assert article.project is None or article.project.slug.endswith("-bench-copy-3")


def test_every_page_type_measured_answers(bench, client, capsys):
    _data, uncached_pages = bench
    capsys.readouterr()
    call_command("shell", "-c", uncached_pages.URLS_SCRIPT)
    urls = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    pages = uncached_pages.pages_to_measure(urls)
    assert len(pages) > 20
    for name, path in pages:
        assert client.get(path).status_code == 200, (name, path)
