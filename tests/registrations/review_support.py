"""What the review page tests share: a call with two criteria and its applicants."""

import uuid

from django.urls import reverse
from django.utils import timezone

from registrations.models import Application
from tests.portal import documents
from tests.projects.factories import CallFactory, SectorFactory

CRITERIA_EN = "Lives in Belgium\nSkilled in health"
CRITERIA_FR = "Vit en Belgique\nQualifié dans la santé"


def review_call():
    """A call for candidates with two eligibility criteria, in both languages."""
    return CallFactory(eligibility_en=CRITERIA_EN, eligibility_fr=CRITERIA_FR)


def make_application(call, email="amina@example.org", **fields) -> Application:
    values = {
        "name": "Amina Uwase", "country_of_origin": "RW", "country_of_residence": "BE",
        "profession": "Nurse", "years_of_experience": 5, "qualification": "master",
        "available_from": "2027-01-01", "availability": "3-6", "motivation": "x",
        "cv": documents.upload(documents.PDF), "language": "en",
        "eligibility_answers": {"Lives in Belgium": True, "Skilled in health": True},
        "languages": [{"language": "fr", "level": "fluent"}], **fields,
    }  # fmt: skip
    return Application.objects.create(
        call=call,
        email=email,
        sector=SectorFactory(),
        consent_at=timezone.now(),
        submission_key=uuid.uuid4(),
        **values,
    )


def list_url(call) -> str:
    return reverse("admin:registrations_review_list", args=[call.pk])


def page_url(application) -> str:
    return reverse(
        "admin:registrations_review_application", args=[application.call_id, application.pk]
    )


def applicants(call):
    """Three applications: one English all-yes, one French with a "no", one duplicate."""
    amina = make_application(
        call, eligibility_answers={"Lives in Belgium": True, "Skilled in health": True}
    )
    brice = make_application(
        call, email="brice@example.org", name="Brice Nkurunziza", language="fr",
        country_of_origin="BI", country_of_residence="LU",
        eligibility_answers={"Vit en Belgique": False, "Qualifié dans la santé": True},
    )  # fmt: skip
    again = make_application(
        call,
        name="Amina again",
        eligibility_answers={"Lives in Belgium": True, "Skilled in health": False},
    )
    return amina, brice, again
