"""Public counters: counted targets show a count under 5 as "fewer than 5" (no number, no
bar), say what they count; typed targets show their number as before."""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.projects.factories import CallFactory, ProjectFactory, TargetFactory

pytestmark = pytest.mark.django_db


def page(client, project, language: str = "en") -> str:
    with translation.override(language):
        url = project.get_absolute_url()
    return client.get(url).text


def targets_html(html: str) -> str:
    return re.search(r'<ul class="targets">(.*?)</ul>', html, re.S).group(1)


def counted(progress, goal=None, source="applications"):
    call = CallFactory()
    return TargetFactory(
        project=call.project, call=call, source=source, progress=progress, goal=goal,
        label_en="Diaspora members have expressed interest",
        label_fr="Membres de la diaspora qui se sont déclarés intéressés",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("progress", "language", "shown"),
    [
        (0, "en", "Fewer than 5"),
        (4, "en", "Fewer than 5"),
        (0, "fr", "Moins de 5"),
        (4, "fr", "Moins de 5"),
    ],
)
def test_a_small_count_reads_fewer_than_5_without_number_or_bar(client, progress, language, shown):
    target = counted(progress)
    html = targets_html(page(client, target.project, language))
    assert shown in html
    assert "<progress" not in html
    assert f">{progress}<" not in html


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "Fewer than 5 (goal: 30)"), ("fr", "Moins de 5 (objectif : 30)")]
)
def test_a_small_count_towards_a_goal_shows_no_bar(client, language, shown):
    target = counted(3, goal=30, source="selected")
    html = targets_html(page(client, target.project, language))
    assert shown in html
    assert "<progress" not in html and "10%" not in html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_count_of_5_is_shown_with_its_label(client, language):
    target = counted(5)
    html = targets_html(page(client, target.project, language))
    assert (target.label_en if language == "en" else target.label_fr) in html
    assert '<span class="meter__value target__value">5</span>' in html
    assert "Fewer than 5" not in html and "Moins de 5" not in html


def test_a_count_of_5_towards_a_goal_has_its_bar(client):
    target = counted(12, goal=30, source="pool")
    html = targets_html(page(client, target.project))
    assert 'max="30" value="12"' in html and "12 of 30" in html


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("en", "Counted automatically from the applications received."),
        ("fr", "Compté automatiquement à partir des candidatures reçues."),
    ],
)
def test_a_counted_target_says_what_it_counts(client, language, note):
    html = targets_html(page(client, counted(9).project, language))
    assert note in html


@pytest.mark.parametrize("progress", [0, 3, 4])
def test_typed_targets_show_small_numbers_as_before(client, progress):
    target = TargetFactory(progress=progress, goal=None)
    html = targets_html(page(client, target.project))
    assert f'<span class="meter__value target__value">{progress}</span>' in html
    assert "Fewer than 5" not in html and "Counted automatically" not in html


def test_typed_target_with_a_goal_keeps_its_bar(client):
    target = TargetFactory(progress=3, goal=30)
    html = targets_html(page(client, target.project))
    assert 'max="30" value="3"' in html and "3 of 30" in html


def test_counted_targets_cost_no_query_per_target(client, django_assert_max_num_queries):
    project = ProjectFactory()
    call = CallFactory(project=project)
    TargetFactory(project=project, call=call, source="applications", progress=2)
    with CaptureQueriesContext(connection) as first:
        page(client, project)
    for n in range(5):
        TargetFactory(project=project, call=call, source="pool", progress=n * 3, goal=20)
    for alias in settings.CACHES:  # pages are renewed on commit, which a test never reaches
        caches[alias].clear()
    with django_assert_max_num_queries(len(first.captured_queries)):
        html = page(client, project)
    assert html.count('class="meter target"') == 6


def test_a_counted_target_needs_a_call_of_its_own_project():
    target = TargetFactory(source="applications", call=None)
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "call" in error.value.message_dict
    target.call = CallFactory()  # another project's call
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "Choose a call of this project" in error.value.message_dict["call"][0]
    target.call = CallFactory(project=target.project)
    target.full_clean()


def test_a_typed_target_needs_no_call():
    TargetFactory(source="typed", call=None).full_clean()
