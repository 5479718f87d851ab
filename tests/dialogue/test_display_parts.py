"""The base layer's item parts (portal/core/templatetags/item_parts.py) as the dialogue uses
them, the decoupling they buy, and generated requests to the public Q&A pages."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dialogue.models import Question
from portal.core import contract
from portal.core.contract import CardTag, ItemSection
from portal.core.templatetags import item_parts
from tests.dialogue.factories import PublishedQuestionFactory
from tests.projects.factories import ProjectFactory

LOWER_APPS = ("projects", "events", "newsletter")


def test_the_item_apps_templates_call_the_core_tags_and_never_name_the_dialogue():
    for app in LOWER_APPS:
        for path in (Path(settings.BASE_DIR) / app / "templates").rglob("*.html"):
            assert "dialogue" not in path.read_text(), path


@pytest.mark.parametrize(
    "template",
    [
        "projects/project_detail.html",
        "projects/call_detail.html",
        "events/event_detail.html",
        "newsletter/article_detail.html",
    ],
)
def test_each_detail_page_renders_the_item_sections(template):
    source = Path(settings.BASE_DIR) / template.split("/")[0] / "templates" / template
    assert "{% item_sections " in source.read_text()


def test_sections_render_in_order_and_a_section_may_show_nothing(monkeypatch):
    sections = [
        ItemSection("second.html", lambda request, item: {"n": 2}, 200),
        ItemSection("nothing.html", lambda request, item: None, 1),
        ItemSection("first.html", lambda request, item: {"n": 1}, 10),
    ]
    monkeypatch.setattr(contract, "collect", lambda key: sections)
    monkeypatch.setattr(
        item_parts,
        "render_to_string",
        lambda template, context, request=None: f"[{template}:{context['section']['n']}]",
    )
    html = Template("{% load item_parts %}{% item_sections item %}").render(
        Context({"item": ProjectFactory.build(pk=1), "request": RequestFactory().get("/")})
    )
    assert html == "[first.html:1][second.html:2]"


def test_card_tags_of_several_apps_follow_their_order(monkeypatch):
    item = ProjectFactory.build(pk=1)
    tags = [
        CardTag("dialogue/includes/card_tag.html", lambda items: {item: {"count": 5}}, 50),
        CardTag("dialogue/includes/card_tag.html", lambda items: {item: {"count": 3}}, 5),
    ]
    monkeypatch.setattr(contract, "collect", lambda key: tags)
    html = Template(
        "{% load item_parts %}{% card_tags items as tags %}{% card_tags_for tags item %}"
        "|{% card_tags_for undefined item %}"
    ).render(Context({"items": [item], "item": item}))
    assert html.index("3 questions") < html.index("5 questions")
    assert html.endswith("|")  # a card outside a list that computed tags shows none


@pytest.mark.django_db
def test_the_dialogue_declares_its_section_and_card_tag():
    templates = [s.template for s in contract.collect("item_sections")]
    assert [t for t in templates if t.startswith("dialogue/")] == ["dialogue/section.html"]
    assert [t.template for t in contract.collect("card_tags")] == [
        "dialogue/includes/card_tag.html"
    ]


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.text(alphabet=st.characters(blacklist_characters="/?#%\x00"), min_size=1),
    number=st.integers(min_value=0, max_value=2**63),
    page=st.text(max_size=20),
)
def test_generated_requests_never_fail(client, kind, number, page):
    question = Question.objects.first() or PublishedQuestionFactory(answered=True)
    paths = [
        f"/en/questions/{kind}/{number}/",
        f"/fr/questions/{number}/",
        f"/en/questions/project/{question.project_id}/",
        question.get_absolute_url(),
    ]
    for path in paths:
        response = client.get(path, {"page": page})
        assert response.status_code in (200, 404), path
