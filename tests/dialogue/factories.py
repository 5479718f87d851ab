import factory
from django.utils import timezone

from dialogue.models import ITEM_FIELDS, BlockedTerm, Question, Report, item_field
from tests.events.factories import EventFactory
from tests.projects.factories import ProjectFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    """A confirmed question waiting for moderation, in English, under a project:
    `QuestionFactory(language="fr", text_fr="…")`, `status=Question.Status.APPROVED`, or the
    traits `unconfirmed=True`, `approved=True`. Another item: `project=None, event=...`."""

    class Meta:
        model = Question

    project = factory.SubFactory(ProjectFactory)
    kind = Question.Kind.QUESTION
    language = "en"
    text_en = factory.Sequence(lambda n: f"When does the information session number {n} start?")
    display_name = "Ama"
    email = factory.Sequence(lambda n: f"asker{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    privacy_version = "2026-11"
    status = Question.Status.PENDING

    class Params:
        unconfirmed = factory.Trait(status=Question.Status.UNCONFIRMED, confirmed_at=None)
        approved = factory.Trait(
            status=Question.Status.APPROVED, decided_at=factory.LazyFunction(timezone.now)
        )


class EventQuestionFactory(QuestionFactory):
    """A question under an event, awaiting moderation; `answered=True` publishes it with an
    answer in both languages."""

    project = None
    event = factory.SubFactory(EventFactory)
    text_en = factory.Sequence(lambda n: f"Is the venue of session {n} accessible by wheelchair?")
    display_name = "Amina"

    class Params:
        answered = factory.Trait(
            status=Question.Status.APPROVED,
            decided_at=factory.LazyFunction(timezone.now),
            answer_en="Yes: there is step-free access.",
            answer_fr="Oui\u202f: l’accès se fait de plain-pied.",
            answer_language="en",
            answered_at=factory.LazyFunction(timezone.now),
            answered_by=Question.AnsweredBy.OFFICE,
        )


class PublishedQuestionFactory(QuestionFactory):
    """A published English question under a project, not answered yet. `answered=True`
    adds an English official answer (no French); `faq=True` promotes it to the item's FAQ."""

    text_en = factory.Sequence(lambda n: f"When is the next info session? ({n})")
    display_name = "Amina"
    status = Question.Status.APPROVED
    decided_at = factory.LazyFunction(timezone.now)

    class Params:
        answered = factory.Trait(
            answer_en="On 12 March in Brussels.",
            answer_language="en",
            answered_at=factory.LazyFunction(timezone.now),
            answered_by=Question.AnsweredBy.PROGRAMME,
        )
        faq = factory.Trait(is_faq=True)


def question_under(item, **kwargs) -> Question:
    """A published question (PublishedQuestionFactory) under any item: project, call, event
    or article."""
    items = {name: None for name in ITEM_FIELDS} | {item_field(type(item)): item}
    return PublishedQuestionFactory(**items, **kwargs)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    question = factory.SubFactory(QuestionFactory, approved=True)
    reason = Report.Reason.SPAM


class BlockedTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockedTerm
        django_get_or_create = ("term",)

    term = factory.Sequence(lambda n: f"blocked{n}")
