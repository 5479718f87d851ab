from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, Session


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_en = factory.Sequence(lambda n: f"Event {n}")
    title_fr = factory.Sequence(lambda n: f"Événement {n}")
    slug_en = factory.Sequence(lambda n: f"event-{n}")
    slug_fr = factory.Sequence(lambda n: f"evenement-{n}")
    description_en = "<p>English description</p>"
    description_fr = "<p>Description en français</p>"
    kind = Event.Kind.INFO_SESSION
    languages = "en,fr"
    is_published = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    venue_name = "Community hall"
    address = "Rue de l’Exemple 1\n1000 Brussels"
    city_en = "Brussels"
    city_fr = "Bruxelles"
    time_zone = "Europe/Brussels"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(
        lambda s: s.starts_at + timedelta(hours=2) if s.starts_at else None
    )

    class Params:
        tbd = factory.Trait(date_to_be_determined=True, starts_at=None, ends_at=None)
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
        )
