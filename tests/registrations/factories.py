import factory
from django.utils import timezone

from registrations.models import Registration
from tests.events.factories import SessionFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration row as it is stored; tests that exercise the rules (places, waiting
    list) go through registrations.services instead."""

    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    status = Registration.Status.CONFIRMED
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    country_of_residence = "BE"
    country_of_origin = "RW"
    language = "en"
    consent_at = factory.LazyFunction(timezone.now)
    queued_at = factory.LazyFunction(timezone.now)


def details(n: int = 0, **overrides) -> dict:
    """What a registrant types in, as registrations.services.registration_create takes it."""
    return {
        "email": f"person{n}@example.org",
        "name": f"Person {n}",
        "country_of_residence": "BE",
        "country_of_origin": "RW",
        "language": "en",
        **overrides,
    }
