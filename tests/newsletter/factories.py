import datetime

import factory
from django.utils import timezone

from newsletter.models import Article, Issue, Subscriber


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    number = factory.Sequence(lambda n: n + 1)
    date = factory.Sequence(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=30 * n))
    title_en = factory.Sequence(lambda n: f"Issue title {n}")
    title_fr = factory.Sequence(lambda n: f"Titre du numéro {n}")
    intro_en = "<p>Welcome</p>"
    intro_fr = "<p>Bienvenue</p>"
    status = Issue.Status.PUBLISHED


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    issue = factory.SubFactory(IssueFactory)
    position = factory.Sequence(lambda n: n)
    title_en = factory.Sequence(lambda n: f"Article {n}")
    title_fr = factory.Sequence(lambda n: f"Article numéro {n}")
    slug_en = factory.Sequence(lambda n: f"article-{n}")
    slug_fr = factory.Sequence(lambda n: f"article-numero-{n}")
    summary_en = "An English summary."
    summary_fr = "Un résumé en français."
    body_en = "<p>English body</p>"
    body_fr = "<p>Corps en français</p>"


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "en"
    status = Subscriber.Status.CONFIRMED
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    source = "test"
