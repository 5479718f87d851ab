"""The demo's questions and answers: idempotent, visibly examples, and honest (every
number and name an answer states is in the newsletter sentences it quotes, and those are
the newsletter's own words)."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command

from dialogue import demo
from dialogue.models import Question

pytestmark = pytest.mark.django_db
# The source newsletter, beside the checkout (../shared/content); skipped where it is not.
NEWSLETTER = Path(settings.BASE_DIR).parent / "shared" / "content"


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=StringIO())


def snapshot() -> str:
    return serializers.serialize("json", Question.objects.order_by("pk"))


def test_load_demo_twice_changes_nothing_for_questions(loaded):
    first = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert "dialogue.demo: 0 object(s) created" in out.getvalue()


def test_every_example_is_published_answered_in_both_languages_and_marked(loaded):
    questions = list(Question.objects.all())
    assert len(questions) == len(demo.QAS) >= 3
    assert sum(q.is_faq for q in questions) >= 2
    for question in questions:
        assert question.is_public and question.is_answered and question.answered_by
        assert question.display_name == ""  # "Anonymous", in the visitor's language
        assert question.email.endswith("@example.org")
        for code, _name in settings.LANGUAGES:
            assert getattr(question, f"text_{code}") and demo.NOTE[code] in getattr(
                question, f"answer_{code}"
            )
    assert {q.language for q in questions} == {code for code, _name in settings.LANGUAGES}


def test_the_rwanda_info_session_question_keeps_its_date_undetermined(loaded):
    question = Question.objects.get(event__slug_en="rwanda-diaspora-info-session-brussels")
    assert "to be determined" in question.answer_en
    assert "à déterminer" in question.answer_fr
    assert question.event.sessions.get().date_to_be_determined


def test_investors_are_told_to_contact_iom_belgium(loaded):
    question = Question.objects.get(text_fr__contains="investir")
    assert "Contact IOM Belgium" in question.answer_en
    assert "l’OIM Belgique" in question.answer_fr


# Capitalised words an English answer may use without quoting them (sentence openings).
OPENINGS = {"Its", "The", "Contact", "After", "IOM"}


@pytest.mark.parametrize("qa", demo.QAS, ids=lambda qa: qa["text"]["en"][:30])
def test_answers_state_only_what_their_sources_say(qa):
    sources = " ".join(qa["sources"])
    answer = qa["answer"]["en"]
    for number in re.findall(r"\d+", answer + " " + qa["answer"]["fr"]):
        assert number in sources, f"{number} is not in the newsletter"
    for name in set(re.findall(r"\b[A-Z][a-z]+\b", answer)) - OPENINGS:
        assert name in sources, f"{name} is not in the newsletter"
    assert "IOM" not in answer or "IOM" in sources


@pytest.mark.skipif(not NEWSLETTER.exists(), reason="the source newsletter is not here")
def test_the_sources_are_the_newsletters_own_words():
    text = " ".join(p.read_text() for p in NEWSLETTER.glob("*.txt"))
    text = re.sub(r"\s+", " ", text)
    for qa in demo.QAS:
        for source in qa["sources"]:
            assert re.sub(r"\s+", " ", source) in text


def test_examples_are_shown_as_anonymous_in_the_visitors_language(client, loaded):
    question = Question.objects.get(text_fr__contains="investir")
    assert "Asked by Anonymous" in client.get(question.get_absolute_url()).text
    french = client.get(f"/fr/questions/{question.pk}/").text
    assert "Posée par Anonyme" in french and "Question d’exemple" not in french


def test_the_follow_up_is_attributed_and_the_french_keeps_the_newsletters_meaning(loaded):
    question = Question.objects.get(project__slug_en="mauritania-circular-temporary-migration")
    assert "In the coming months" not in question.answer_en
    assert "newsletter reporting these meetings said" in question.answer_en
    assert "capacity-building and skills development" in question.answer_en
    assert "séjourner temporairement dans leur pays d’origine" in question.answer_fr
    assert "faire venir" not in question.answer_fr
    assert "ont manifesté leur intérêt en tant que candidats potentiels" in question.answer_fr
    rwanda = Question.objects.filter(project__slug_en="rwanda-diaspora-health-education")
    assert all("Rwandese" not in q.answer_en for q in rwanda)
    assert any("affectation temporaire" in q.answer_fr for q in rwanda)
    assert any("professionnels rwandais formés" in q.answer_fr for q in rwanda)
