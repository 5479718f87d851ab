import factory
from django.utils import timezone

from dialogue.models import ITEM_FIELDS, Question, item_field
from tests.projects.factories import ProjectFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    """A published English question under a project, not answered yet. `answered=True`
    adds an English official answer; `faq=True` promotes it to the item's FAQ."""

    class Meta:
        model = Question

    project = factory.SubFactory(ProjectFactory)
    kind = Question.Kind.QUESTION
    language = "en"
    text_en = factory.Sequence(lambda n: f"When is the next info session? ({n})")
    display_name = "Amina"
    email = factory.Sequence(lambda n: f"asker{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
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
    """A QuestionFactory question under any item (project, call, event or article)."""
    items = {name: None for name in ITEM_FIELDS} | {item_field(type(item)): item}
    return QuestionFactory(**items, **kwargs)
