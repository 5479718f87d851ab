import factory
from django.utils import timezone

from dialogue.models import Question, Report
from tests.projects.factories import ProjectFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    """A confirmed question waiting for moderation, in English, under a project:
    `QuestionFactory(language="fr", text_fr="…")`, `status=Question.Status.APPROVED`."""

    class Meta:
        model = Question

    project = factory.SubFactory(ProjectFactory)
    language = "en"
    text_en = factory.Sequence(lambda n: f"When does the information session number {n} start?")
    display_name = "Ama"
    email = factory.Sequence(lambda n: f"asker{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    status = Question.Status.PENDING


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    question = factory.SubFactory(QuestionFactory, status=Question.Status.APPROVED)
    reason = Report.Reason.SPAM
