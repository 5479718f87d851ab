import factory
from django.utils import timezone

from dialogue.models import BlockedTerm, Question
from tests.projects.factories import ProjectFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question under a published project, in English, waiting for moderation. Another
    item: `QuestionFactory(project=None, event=EventFactory())`."""

    class Meta:
        model = Question

    project = factory.SubFactory(ProjectFactory)
    kind = Question.Kind.QUESTION
    language = "en"
    text_en = factory.Sequence(lambda n: f"When does the info session number {n} start?")
    display_name = "Amina"
    email = factory.Sequence(lambda n: f"asker{n}@example.org")
    status = Question.Status.PENDING
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    privacy_version = "2026-11"


class BlockedTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockedTerm
        django_get_or_create = ("term",)

    term = factory.Sequence(lambda n: f"blocked{n}")
