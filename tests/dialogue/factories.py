import factory
from django.utils import timezone

from dialogue.models import Question, Report
from tests.events.factories import EventFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    """A confirmed question under an event, asked in English, awaiting moderation; the
    `approved` and `answered` traits publish it (and answer it, in both languages)."""

    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    language = "en"
    text_en = factory.Sequence(lambda n: f"Is the venue of session {n} accessible by wheelchair?")
    display_name = "Amina"
    email = factory.Sequence(lambda n: f"asker{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    status = Question.Status.PENDING

    class Params:
        unconfirmed = factory.Trait(status=Question.Status.UNCONFIRMED, confirmed_at=None)
        approved = factory.Trait(
            status=Question.Status.APPROVED, decided_at=factory.LazyFunction(timezone.now)
        )
        answered = factory.Trait(
            status=Question.Status.APPROVED,
            decided_at=factory.LazyFunction(timezone.now),
            answer_en="Yes: there is step-free access.",
            answer_fr="Oui\u202f: l’accès se fait de plain-pied.",
            answer_language="en",
            answered_at=factory.LazyFunction(timezone.now),
            answered_by=Question.AnsweredBy.OFFICE,
        )


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    question = factory.SubFactory(QuestionFactory, approved=True)
    reason = Report.Reason.SPAM
