"""The Q&A under an item (dialogue/display.py, section.html): what is shown, in which order
and language, with which marks; the question's own page and the item's questions page."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dialogue.models import Question
from tests.dialogue.factories import PublishedQuestionFactory, question_under
from tests.events.factories import EventFactory
from tests.newsletter.factories import ArticleFactory
from tests.projects.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db

FRENCH_TEXT = "Quand aura lieu la prochaine séance d’information ?"
FRENCH_ANSWER = "Le 12 mars à Bruxelles."


def french_question(**kwargs) -> Question:
    """A question asked in French, answered in French, not translated."""
    defaults = dict(
        language="fr", text_en="", text_fr=FRENCH_TEXT, answer_en="", answer_fr=FRENCH_ANSWER,
        answer_language="fr", answered_at=timezone.now(),
        answered_by=Question.AnsweredBy.PROGRAMME,
    )  # fmt: skip
    return PublishedQuestionFactory(**(defaults | kwargs))


def fresh(client, url: str) -> str:
    """The page as rendered now: questions are not page models (a new one is not public),
    so a test that adds one without the moderation services empties the page cache."""
    caches[settings.PAGE_CACHE_ALIAS].clear()
    return client.get(url).text


def section_of(html: str) -> str:
    start = html.index('id="questions"')
    return html[start : html.index("</section>", start)]


def strings(data) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in strings(value)]
    return [data] if isinstance(data, str) else []


def jsonld_blocks(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.mark.parametrize(
    "factory", [ProjectFactory, CallFactory, EventFactory, ArticleFactory], ids=str
)
def test_every_item_page_shows_its_approved_questions_and_the_ask_form(client, factory):
    item = factory()
    field = type(item)._meta.model_name
    question_under(item, text_en="Is the venue accessible?")
    question_under(item, text_en="A pending one", status=Question.Status.PENDING)
    section = section_of(client.get(item.get_absolute_url()).text)
    assert "Is the venue accessible?" in section
    assert "A pending one" not in section
    assert "1 published question or comment" in section
    assert f'action="/en/questions/ask/{field}/{item.pk}/"' in section


@pytest.mark.parametrize("status", [s for s in Question.Status if s != Question.Status.APPROVED])
def test_nothing_but_approved_questions_is_public(client, status):
    question = PublishedQuestionFactory(status=status, text_en="Not for the public")
    html = client.get(question.project.get_absolute_url()).text
    assert "Not for the public" not in html
    assert client.get(question.get_absolute_url()).status_code == 404
    assert "published question" not in section_of(html)


def test_faq_first_by_position_then_answered_newest_first_then_unanswered(client):
    project = ProjectFactory()
    now = timezone.now()
    PublishedQuestionFactory(project=project, text_en="FAQ two", faq=True, faq_position=2)
    PublishedQuestionFactory(
        project=project, text_en="FAQ one", faq=True, faq_position=1, answered=True
    )
    PublishedQuestionFactory(project=project, text_en="Unanswered")
    PublishedQuestionFactory(project=project, text_en="Answered long ago", answered=True,
                    answered_at=now - timedelta(days=9))  # fmt: skip
    PublishedQuestionFactory(
        project=project, text_en="Answered today", answered=True, answered_at=now
    )
    section = section_of(client.get(project.get_absolute_url()).text)
    order = ["FAQ one", "FAQ two", "Answered today", "Answered long ago", "Unanswered"]
    positions = [section.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Frequently asked questions" in section


def test_the_item_page_shows_a_few_and_links_to_all_of_them(client):
    project = ProjectFactory()
    for n in range(8):
        PublishedQuestionFactory(project=project, text_en=f"Question number {n}")
    section = section_of(client.get(project.get_absolute_url()).text)
    assert section.count('class="qa-entry"') == 5
    assert "8 published questions and comments" in section
    assert f'href="/en/questions/project/{project.pk}/"' in section
    assert "See all 8 questions and comments" in section


def test_no_link_to_more_when_everything_is_shown(client):
    project = ProjectFactory()
    PublishedQuestionFactory.create_batch(2, project=project)
    section = section_of(client.get(project.get_absolute_url()).text)
    assert f"/en/questions/project/{project.pk}/" not in section


def test_an_item_without_questions_invites_the_first_one(client):
    project = ProjectFactory()
    section = section_of(client.get(project.get_absolute_url()).text)
    assert "No question has been published here yet." in section
    french = section_of(client.get(f"/fr/projets/{project.slug_fr}/").text)
    assert "Aucune question n’a encore été publiée ici." in french


def test_the_answer_is_the_offices_with_its_role_never_a_person(client):
    question = PublishedQuestionFactory(answered=True, answered_by=Question.AnsweredBy.EDITORIAL)
    html = client.get(question.get_absolute_url()).text
    assert "Official answer" in html and "The editorial team" in html
    french = client.get(f"/fr/questions/{question.pk}/").text
    assert "Réponse officielle" in french and "L’équipe de rédaction" in french


def test_asker_shown_by_display_name_or_anonymous_never_email(client):
    named = PublishedQuestionFactory(display_name="Jean-Paul", email="jp@example.org")
    anonymous = PublishedQuestionFactory(
        project=named.project, display_name="", email="x@example.org"
    )
    html = client.get(named.project.get_absolute_url()).text
    assert "Asked by Jean-Paul" in html and "Asked by Anonymous" in html
    assert "jp@example.org" not in html and "x@example.org" not in html
    french = client.get(f"/fr/questions/{anonymous.pk}/").text
    assert "Posée par Anonyme" in french
    assert "Posée par Jean-Paul" in client.get(f"/fr/questions/{named.pk}/").text


def test_comments_are_labelled_as_such_and_do_not_wait_for_an_answer(client):
    comment = PublishedQuestionFactory(
        kind=Question.Kind.COMMENT, text_en="Great session last year"
    )
    html = client.get(comment.get_absolute_url()).text
    assert "Posted by Amina" in html
    assert "has not answered" not in html


# Language (issue section 3)


def test_french_visitor_sees_the_staff_translation_without_notice(client):
    question = french_question()
    question.text_en = "When is the next info session?"
    question.answer_en = "On 12 March in Brussels."
    question.save()
    english = client.get(question.get_absolute_url()).text
    assert "When is the next info session?" in english and "On 12 March" in english
    assert FRENCH_TEXT not in english
    assert "fallback-notice" not in english
    french = client.get(f"/fr/questions/{question.pk}/").text
    assert "Quand aura lieu la prochaine séance d’information" in french
    assert "fallback-notice" not in french


def test_untranslated_question_shown_in_its_language_marked_and_announced(client):
    question = french_question()
    html = client.get(question.get_absolute_url()).text
    assert re.search(r'<div class="qa-entry__text" lang="fr"><p>Quand aura lieu', html)
    assert re.search(r'<div class="qa-answer__text" lang="fr"><p>Le 12 mars', html)
    # One notice for the question and its answer, naming the language (not "English").
    assert html.count("fallback-notice") == 1
    assert "it is shown in French." in html


def test_french_visitor_reading_an_english_question_is_told_it_is_in_english(client):
    question = PublishedQuestionFactory(answered=True, text_en="Can investors visit the project?")
    french = client.get(f"/fr/questions/{question.pk}/").text
    assert re.search(r'<div class="qa-entry__text" lang="en"><p>Can investors', french)
    assert "il est affiché en anglais." in french


def test_question_translated_but_answer_not_marks_only_the_answer(client):
    question = french_question(text_en="When is the next info session?")
    html = client.get(question.get_absolute_url()).text
    assert '<div class="qa-entry__text"><p>When is the next' in html
    assert '<div class="qa-answer__text" lang="fr">' in html
    assert "it is shown in French." in html


@pytest.mark.parametrize(
    "language, context, expected",
    [
        ("en", {}, "it is shown in English."),
        ("en", {"english_only": True}, "published in English only."),
        ("en", {"shown_in": "French"}, "it is shown in French."),
        ("fr", {}, "il est affiché en anglais."),
        ("fr", {"shown_in": "anglais"}, "il est affiché en anglais."),
    ],
)
def test_the_fallback_notice_names_the_language_only_when_asked(language, context, expected):
    with translation.override(language):
        html = render_to_string("includes/fallback_notice.html", context)
    assert expected in html
    assert html.count('class="notice notice--info fallback-notice"') == 1


# Pages


def test_question_page_has_its_answer_and_links_back(client):
    question = PublishedQuestionFactory(answered=True, text_en="How do investors get in touch?")
    html = client.get(question.get_absolute_url()).text
    assert "How do investors get in touch?</h1>" in html
    assert "<title>Question: How do investors get in touch?" in html
    assert 'aria-current="page">How do investors get in touch?</li>' in html
    assert "Asked by Amina" in html and "Question from" not in html
    french = client.get(f"/fr/questions/{question.pk}/").text
    assert "<title>Question\u202f: How do investors get in touch?" in french


def test_a_long_question_is_truncated_in_the_heading_and_shown_in_full_below(client):
    text = "Which documents does the office need " + "from a diaspora expert " * 5 + "first?"
    question = PublishedQuestionFactory(text_en=text)
    html = client.get(question.get_absolute_url()).text
    assert "Which documents does the office need from" in html.split("<h1")[1].split("</h1>")[0]
    assert text in html and "…</h1>" in html
    section = client.get(question.project.get_absolute_url()).text
    assert f'href="{question.get_absolute_url()}">Which documents' in section
    assert f'href="{question.project.get_absolute_url()}"' in html
    assert f'href="/en/questions/{question.pk}/report/"' in html


def test_question_under_an_unpublished_item_is_not_shown(client):
    question = PublishedQuestionFactory(project=ProjectFactory(is_published=False))
    assert client.get(question.get_absolute_url()).status_code == 404
    assert client.get(f"/en/questions/project/{question.project_id}/").status_code == 404


@pytest.mark.parametrize("path", ["/en/questions/nothing/1/", "/en/questions/project/999/"])
def test_item_questions_page_of_nothing_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_item_questions_page_lists_faq_and_pages_through_the_rest(client):
    project = ProjectFactory()
    PublishedQuestionFactory(project=project, text_en="The FAQ entry", faq=True, answered=True)
    for n in range(25):
        PublishedQuestionFactory(project=project, text_en=f"Visitor question {n}")
    url = f"/en/questions/project/{project.pk}/"
    first = client.get(url).text
    assert "26 published questions and comments" in first
    assert "The FAQ entry" in first and first.count('class="qa-entry"') == 20
    second = client.get(url + "?page=2").text
    assert second.count('class="qa-entry"') == 5 and "The FAQ entry" not in second
    french = client.get(f"/fr/questions/project/{project.pk}/").text
    assert "26 questions et commentaires publiés" in french
    assert client.get(url + "?page=abc").status_code == 200


# schema.org


def test_item_page_carries_faqpage_only_with_answered_faq(client):
    project = ProjectFactory()
    PublishedQuestionFactory(project=project, text_en="Not in the FAQ", answered=True)
    assert not [b for b in jsonld_blocks(client.get(project.get_absolute_url()).text)
                if b.get("@type") == "FAQPage"]  # fmt: skip
    PublishedQuestionFactory(project=project, text_en="Who may apply?", faq=True, answered=True)
    [faq] = [b for b in jsonld_blocks(fresh(client, project.get_absolute_url()))
             if b.get("@type") == "FAQPage"]  # fmt: skip
    assert [q["name"] for q in faq["mainEntity"]] == ["Who may apply?"]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "On 12 March in Brussels."


def test_question_page_carries_qapage(client):
    question = PublishedQuestionFactory(answered=True, text_en="Is there parking?")
    [qa] = [b for b in jsonld_blocks(client.get(question.get_absolute_url()).text)
            if b.get("@type") == "QAPage"]  # fmt: skip
    main = qa["mainEntity"]
    assert main["@type"] == "Question" and main["text"] == "Is there parking?"
    assert main["answerCount"] == 1 and main["author"]["name"] == "Amina"
    assert main["acceptedAnswer"]["author"]["@type"] == "Organization"
    assert main["acceptedAnswer"]["url"].endswith(f"/en/questions/{question.pk}/#answer")


def test_visitor_text_cannot_break_out_of_the_jsonld_block(client):
    attack = '</script><script>alert(1)</script><!-- "quotes" & <b>'
    question = PublishedQuestionFactory(text_en=attack, answer_en=attack, answered=True, faq=True)
    for url in (question.get_absolute_url(), question.project.get_absolute_url()):
        html = client.get(url).text
        assert "<script>alert(1)" not in html
        assert "<b>" not in html
        blocks = jsonld_blocks(html)
        assert attack in [text for block in blocks for text in strings(block)]
