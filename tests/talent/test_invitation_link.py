"""The link of an invitation (talent/views/invitation.py): the call's application form,
prefilled from the profile in the language of the URL, the CV kept so that the member need
not choose it again, posting to the normal application path."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from registrations.kept_cv import KEPT_CV_SALT
from registrations.models import Application
from talent.models import Invitation
from tests.portal import documents
from tests.projects.factories import SectorFactory
from tests.talent.support import expert, rwanda_health_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(private_dir):
    call = rwanda_health_call()
    profile = expert(
        name="Aline Uwase",
        email="aline@example.org",
        profession="Midwife",
        years_of_experience=12,
        qualification="doctorate",
        mission_length="6-12",
        available_from=timezone.localdate() + timedelta(days=10),
        origin=["RW"],
        residence=["LU"],
        speaks={"fr": "native", "rw": "fluent"},
        sectors=[SectorFactory(code="education"), SectorFactory(code="health")],
    )
    profile.cv.save("mine.pdf", ContentFile(documents.PDF))
    return Invitation.objects.create(
        call=call, profile=profile, email=profile.email, language="fr", status="sent"
    )


def link(invitation, language="en") -> str:
    with translation.override(language):
        return reverse("talent:invitation", kwargs={"token": invitation.token})


def selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)[0]
    return re.search(r'<option value="([^"]*)"[^>]*selected', select)[1]


def value(html: str, name: str) -> str:
    return re.search(rf'<input type="[a-z]+" name="{name}" value="([^"]*)"', html)[1]


def test_the_link_opens_the_form_prefilled_from_the_profile(client, invitation):
    response = client.get(link(invitation))
    html = response.text
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert value(html, "name") == "Aline Uwase" and value(html, "email") == "aline@example.org"
    assert value(html, "profession") == "Midwife" and value(html, "years_of_experience") == "12"
    assert 'name="phone"' in html and value_or_none(html, "phone") is None
    assert selected(html, "country_of_origin") == "RW"
    assert selected(html, "country_of_residence") == "LU"
    health = invitation.call.match_sectors.get()
    assert selected(html, "sector") == str(health.pk)  # the call's sector, not the first
    assert selected(html, "qualification") == "doctorate"
    assert selected(html, "availability") == "6-12"
    assert selected(html, "spoken_language_0") == "fr"
    assert selected(html, "spoken_level_0") == "native"
    assert selected(html, "spoken_language_1") == "rw"
    action = reverse("registrations:apply", kwargs={"slug": invitation.call.slug_en})
    assert f'action="{action}"' in html
    assert "Your CV “cv.pdf” is kept" in html


def value_or_none(html, name):
    found = re.search(rf'<input type="[a-z]+" name="{name}" value="([^"]*)"', html)
    return found[1] if found else None


def test_the_kept_cv_ends_with_the_submitted_application(
    client, invitation, django_capture_on_commit_callbacks
):
    html = client.get(link(invitation)).text
    token = value(html, "kept_cv")
    kept = signing.loads(token, salt=KEPT_CV_SALT)
    assert kept["stored"].startswith("kept-cv/")
    data = {
        name: found
        for name, found in re.findall(
            r'<input type="(?:text|email|number|hidden|date)" name="([^"]+)" value="([^"]*)"', html
        )
    }
    for name in (
        "country_of_origin",
        "country_of_residence",
        "sector",
        "qualification",
        "availability",
        "spoken_language_0",
        "spoken_level_0",
        "spoken_language_1",
        "spoken_level_1",
    ):
        data[name] = selected(html, name)
    assert re.search(r'name="language" value="fr"[^>]*checked', html)  # the invitation's
    data.update(
        language="fr", motivation="Happy to help.", consent="on", website="", nationality=""
    )
    for index in range(len(invitation.call.eligibility_criteria)):
        data[f"criterion_{index}"] = "yes"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(re.search(r'<form method="post" action="([^"]+)"', html)[1], data)
    assert response.status_code == 302, response.text[-3000:]
    application = Application.objects.get()
    assert application.cv.read() == documents.PDF
    assert application.email == "aline@example.org" and application.years_of_experience == 12


def test_the_form_is_in_the_language_of_the_url(client, invitation):
    html = client.get(link(invitation, "fr")).text
    assert '<html lang="fr"' in html
    assert "à partir de votre profil" in html
    assert value(html, "name") == "Aline Uwase"
    with translation.override("fr"):
        action = reverse("registrations:apply", kwargs={"slug": invitation.call.slug_fr})
    assert f'action="{action}"' in html


def test_the_first_opening_is_recorded(client, invitation):
    client.get(link(invitation))
    invitation.refresh_from_db()
    first = invitation.opened_at
    assert first is not None
    client.get(link(invitation, "fr"))
    invitation.refresh_from_db()
    assert invitation.opened_at == first


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Invitation not found"), ("fr", "Invitation introuvable")],
)
def test_an_unknown_token_says_so_in_the_visitors_language(client, db, language, text):
    with translation.override(language):
        url = reverse("talent:invitation", kwargs={"token": "nope"})
    response = client.get(url)
    assert response.status_code == 404 and text in response.text


def test_a_closed_call_says_so(client, invitation):
    call = invitation.call
    call.opens_at = timezone.now() - timedelta(days=5)
    call.closes_at = timezone.now() - timedelta(days=1)
    call.save()
    html = client.get(link(invitation)).text
    assert "This call is closed" in html and 'name="kept_cv"' not in html
