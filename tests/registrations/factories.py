import uuid

import factory
from django.utils import timezone

from registrations.models import Application, Interest, Registration
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


def application_data(call, sector, n: int = 1, **overrides) -> dict:
    """The candidate form as a browser posts it (the CV is added by the caller)."""
    data = {
        "submission_key": str(uuid.uuid4()),
        "name": f"Candidate {n}",
        "email": f"candidate{n}@example.org",
        "phone": "+250 788 123 456",
        "country_of_origin": "RW",
        "country_of_residence": "BE",
        "nationality": "",
        "profession": "Nurse",
        "sector": str(sector.pk),
        "years_of_experience": "8",
        "qualification": "master",
        "available_from": "2027-03-01",
        "availability": "3-6",
        "motivation": "I want to share my skills.",
        "language": "en",
        "spoken_language_0": "rw",
        "spoken_level_0": "native",
        "spoken_language_1": "fr",
        "spoken_level_1": "fluent",
        "consent": "on",
        "website": "",
    }
    for index in range(len(call.eligibility_criteria)):
        data[f"criterion_{index}"] = "yes"
    data.update(overrides)
    return data


def interest_data(n: int = 1, **overrides) -> dict:
    return {
        "submission_key": str(uuid.uuid4()),
        "organisation": "Kigali Health Invest",
        "contact_person": f"Investor {n}",
        "email": f"investor{n}@example.org",
        "phone": "",
        "country": "BE",
        "kind": "investment",
        "amount": "10k-50k",
        "message": "We would like to fund a pilot project.",
        "language": "fr",
        "consent": "on",
        "website": "",
        **overrides,
    }


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application as stored (the public form's rules are tested through the services)."""

    class Meta:
        model = Application

    call = factory.SubFactory("tests.projects.factories.CallFactory")
    name = factory.Sequence(lambda n: f"Candidate {n}")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")
    country_of_origin = "RW"
    country_of_residence = "BE"
    profession = "Nurse"
    years_of_experience = 5
    qualification = "master"
    available_from = "2027-01-01"
    availability = "3-6"
    motivation = "I want to share my skills."
    cv = "cv/none.pdf"
    language = "en"
    consent_at = factory.LazyFunction(timezone.now)
    submission_key = factory.LazyFunction(uuid.uuid4)


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    project = factory.SubFactory("tests.projects.factories.ProjectFactory")
    organisation = "Kigali Health Invest"
    contact_person = factory.Sequence(lambda n: f"Investor {n}")
    email = factory.Sequence(lambda n: f"investor{n}@example.org")
    country = "BE"
    kind = "investment"
    amount = "10k-50k"
    message = "We would like to fund a pilot project."
    language = "en"
    consent_at = factory.LazyFunction(timezone.now)
    submission_key = factory.LazyFunction(uuid.uuid4)
