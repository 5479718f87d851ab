"""What the talent tests share: a signed-in member, a valid CV, the profile form's data."""

import uuid

from django.urls import reverse
from django.utils import timezone, translation

from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY
from talent.services import ProfileData
from tests.portal.documents import CATALOGUE, PAGES, pdf, upload

EMAIL = "amina@example.org"


def sign_in(client, email: str = EMAIL) -> None:
    session = client.session
    session[EMAIL_KEY] = email
    session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    session.save()


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def cv_upload(name: str = "my cv.pdf"):
    return upload(pdf(CATALOGUE, PAGES), name=name)


def profile_data(sector, **overrides) -> ProfileData:
    values = {
        "name": "Amina Uwase",
        "profession": "Nurse",
        "years_of_experience": 9,
        "qualification": "master",
        "mission_length": "3-6",
        "origins": ["RW"],
        "residences": ["BE"],
        "sectors": [sector],
        "languages": [{"language": "rw", "level": "native"}, {"language": "fr", "level": "fluent"}],
        "summaries": {"en": "Paediatric nurse.", "fr": "Infirmière pédiatrique."},
    }
    values.update(overrides)
    return ProfileData(**values)


def form_data(sector, **overrides) -> dict:
    data = {
        "name": "Amina Uwase",
        "language": "en",
        "origin_0": "RW",
        "origin_1": "",
        "residence": "BE",
        "sectors": [str(sector.pk)],
        "spoken_language_0": "rw",
        "spoken_level_0": "native",
        "spoken_language_1": "fr",
        "spoken_level_1": "fluent",
        "profession": "Nurse",
        "years_of_experience": "9",
        "qualification": "master",
        "available_from": "",
        "work_mode": "remote",
        "mission_length": "3-6",
        "summary_en": "Paediatric nurse.",
        "summary_fr": "",
        "consent": "on",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
