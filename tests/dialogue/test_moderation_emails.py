"""The emails askers receive about moderation, in their own language."""

import pytest
from django.core import mail

from dialogue.models import Question
from dialogue.services import moderation
from tests.dialogue.factories import QuestionFactory

pytestmark = pytest.mark.django_db

Status = Question.Status
NNBSP = "\u202f"


def html_of(message) -> str:
    return message.alternatives[0][0]


@pytest.mark.parametrize(
    ("language", "subject", "heading"),
    [
        ("en", "Your question was not published", "Why it was not published:"),
        ("fr", "Votre question n’a pas été publiée", f"Pourquoi il n’a pas été publié{NNBSP}:"),
    ],
)
def test_rejection_tells_the_reason_in_the_askers_language(committed, language, subject, heading):
    question = QuestionFactory(language=language, **{f"text_{language}": "Texte d’origine"})
    with committed():
        moderation.question_reject(question=question, reason="Le motif donné par l’équipe.")
    (message,) = mail.outbox
    assert message.subject == subject
    assert heading in message.body
    assert "Le motif donné par l’équipe." in message.body
    assert "Texte d’origine" in message.body
    assert "Le motif donné par l’équipe." in html_of(message)
    assert f'lang="{language}"' in html_of(message)


def test_french_asker_gets_the_french_translation_of_an_english_answer(committed):
    question = QuestionFactory(language="fr", text_fr="Quand a lieu la séance ?")
    with committed():
        moderation.question_answer(
            question=question,
            texts={"en": "On 12 March.", "fr": "Le 12 mars."},
            language="en",
            answered_by="programme",
        )
    (message,) = mail.outbox
    assert message.subject == "Le bureau a répondu à votre question"
    assert f"La réponse (L’équipe des programmes){NNBSP}:" in message.body
    assert "Le 12 mars." in message.body
    assert "On 12 March." not in message.body
    assert "pas encore été traduite" not in message.body
    assert f"/fr/questions/{question.pk}/" in message.body
    assert "Quand a lieu la séance ?" in message.body


def test_without_a_translation_the_original_answer_is_sent_and_said_so(committed):
    question = QuestionFactory(language="fr", text_fr="Comment contacter les investisseurs ?")
    with committed():
        moderation.question_answer(
            question=question,
            texts={"en": "Through the call's form.", "fr": ""},
            language="en",
            answered_by="office",
        )
    (message,) = mail.outbox
    assert "Through the call's form." in message.body
    assert (
        f"La réponse a été écrite en anglais et n’a pas encore été traduite{NNBSP}: la voici "
        "telle qu’elle a été écrite." in message.body
    )
    assert 'lang="en"' in html_of(message)  # the English answer marked in the French email


def test_english_asker_gets_the_answer_in_english(committed):
    question = QuestionFactory(language="en")
    with committed():
        moderation.question_answer(
            question=question,
            texts={"en": "On 12 March.", "fr": "Le 12 mars."},
            language="fr",
            answered_by="office",
        )
    (message,) = mail.outbox
    assert message.subject == "The office has answered your question"
    assert "The answer (The office):" in message.body
    assert "On 12 March." in message.body and "Le 12 mars." not in message.body
    assert f"/en/questions/{question.pk}/" in message.body


def test_merged_asker_is_told_in_french_and_gets_the_answer_later(committed):
    original = QuestionFactory(status=Status.APPROVED)
    duplicate = QuestionFactory(
        project=original.project, language="fr", text_fr="Ma question en double"
    )
    with committed():
        moderation.question_merge(question=duplicate, into=original)
    (merged,) = mail.outbox
    assert merged.subject == "Votre question rejoint une question semblable"
    assert "Nous vous enverrons la réponse par courriel dès qu’elle sera publiée." in merged.body
    assert "Ma question en double" in merged.body
    with committed():
        moderation.question_answer(
            question=original,
            texts={"en": "Yes.", "fr": "Oui."},
            language="en",
            answered_by="office",
        )
    to_duplicate = next(m for m in mail.outbox[1:] if m.to == [duplicate.email])
    assert to_duplicate.subject == "Le bureau a répondu à votre question"
    assert "Oui." in to_duplicate.body
    assert "Ma question en double" in to_duplicate.body  # their own words


def test_merged_into_an_answered_question_the_answer_comes_at_once(committed):
    original = QuestionFactory(status=Status.APPROVED)
    with committed():
        moderation.question_answer(
            question=original, texts={"en": "Yes."}, language="en", answered_by="office"
        )
    duplicate = QuestionFactory(project=original.project)
    with committed():
        moderation.question_merge(question=duplicate, into=original)
    merged = mail.outbox[-1]
    assert merged.subject == "Your question joins a similar one"
    assert "The answer (The office):" in merged.body and "Yes." in merged.body
    assert f"/en/questions/{original.pk}/" in merged.body
