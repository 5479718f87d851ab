"""From an application's thanks page to a profile filled in from it: the member's own
application only, with its CV copied into the profile's own file."""

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.urls import reverse

from members.models import SignInLink
from registrations.views import THANKS_COOKIE, THANKS_SALT
from talent.models import ExpertProfile
from tests.conftest import stored_files
from tests.portal.documents import CATALOGUE, PAGES, pdf
from tests.projects.factories import SectorFactory
from tests.registrations.factories import ApplicationFactory
from tests.talent.factories import ExpertProfileFactory
from tests.talent.helpers import EMAIL, form_data, sign_in, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def health():
    return SectorFactory(code="health", name_en="Health", name_fr="Santé")


@pytest.fixture
def application(health, private_dir):
    application = ApplicationFactory(
        email="Amina@Example.org",
        name="Amina Uwase",
        sector=health,
        profession="Paediatric nurse",
        years_of_experience=11,
        country_of_origin="BI",
        country_of_residence="LU",
        languages=[{"language": "rw", "level": "native"}, {"language": "en", "level": "good"}],
        cv="",
    )
    application.cv.save("cv.pdf", ContentFile(pdf(CATALOGUE, PAGES)))
    return application


def thanks(client, application):
    signer = signing.get_cookie_signer(salt=THANKS_COOKIE + THANKS_SALT)
    client.cookies[THANKS_COOKIE] = signer.sign(f"application:{application.pk}")
    return client.get(
        reverse("registrations:submission-thanks"), {"reference": application.reference}
    )


def test_thanks_page_offers_to_keep_a_profile(client, application):
    html = thanks(client, application).content.decode()
    assert "Keep my profile for future calls" in html
    assert f"{url('talent:profile-edit')}?from={application.reference}" in html


def test_thanks_page_does_not_tell_whether_the_address_has_a_profile(client, application):
    without = thanks(client, application).content.decode()
    ExpertProfileFactory(email=EMAIL)
    with_profile = thanks(client, application).content.decode()
    offer = without[without.index("talent-offer-title") :][:800]
    assert offer in with_profile


def test_the_offer_needs_sign_in_first(client, application):
    target = f"{url('talent:profile-edit')}?from={application.reference}"
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(url("members:sign-in"))
    assert "from%3D" in response["Location"]


def test_the_form_is_filled_in_from_the_members_own_application(client, application):
    sign_in(client)
    html = client.get(url("talent:profile-edit"), {"from": application.reference}).content.decode()
    assert 'value="Paediatric nurse"' in html and 'value="11"' in html
    assert '<option value="BI" selected>' in html and '<option value="LU" selected>' in html
    assert '<option value="rw" selected>' in html
    assert f"Use the CV I sent with application {application.reference}" in html
    assert f'name="from" value="{application.reference}"' in html


def test_someone_elses_reference_fills_in_nothing(client, application):
    sign_in(client, "mallory@example.org")
    response = client.get(url("talent:profile-edit"), {"from": application.reference})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Paediatric nurse" not in html and "Amina" not in html
    assert "We found no application with this reference under your address" in html


def test_someone_elses_cv_is_never_copied(client, application, health, private_dir):
    sign_in(client, "mallory@example.org")
    data = form_data(health, **{"from": application.reference, "cv_action": "application"})
    response = client.post(url("talent:profile-edit"), data)
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(email="mallory@example.org")
    assert not profile.cv


def test_saving_copies_the_application_cv_into_the_profiles_own_file(
    client, application, health, private_dir, django_capture_on_commit_callbacks
):
    sign_in(client)
    data = form_data(health, **{"from": application.reference, "cv_action": "application"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("talent:profile-edit"), data)
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(email=EMAIL)
    assert profile.cv.name.startswith("talent-cv/")
    assert profile.cv.name != application.cv.name
    assert sorted(stored_files(private_dir)) == sorted([profile.cv.name, application.cv.name])
    with profile.cv.open("rb") as copy, application.cv.open("rb") as original:
        assert copy.read() == original.read()


def test_signing_in_from_the_offer_comes_back_to_the_form_with_the_reference(client, application):
    target = f"{url('talent:profile-edit')}?from={application.reference}"
    sign_in_page = client.get(target)["Location"]
    response = client.post(sign_in_page, {"email": EMAIL, "next": target})
    assert response.status_code == 302
    assert SignInLink.objects.get().next_path == target
