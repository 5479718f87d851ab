"""The member's side after the newcomer review: consent asked once (again only for a new
privacy notice), one radio group for the CV, the profile's section in My space, what My
space says it holds, the thanks page's offer to a signed-in member, language levels read
without nested brackets, and an invitation that does not overstate the match."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail, signing
from django.core.files.base import ContentFile

from portal.core.models import Page
from registrations.views import THANKS_COOKIE, THANKS_SALT
from talent.models import ExpertProfile
from talent.services.invitations import invitations_send
from tests.portal.documents import CATALOGUE, PAGES, pdf
from tests.projects.factories import SectorFactory
from tests.registrations.factories import ApplicationFactory
from tests.talent.factories import ExpertProfileFactory
from tests.talent.helpers import EMAIL, cv_upload, form_data, sign_in, url
from tests.talent.support import expert, rwanda_health_call

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"


@pytest.fixture
def health():
    return SectorFactory(code="health", name_en="Health", name_fr="Santé")


def privacy_notice(version: str) -> Page:
    page, _ = Page.objects.update_or_create(
        key=Page.Key.PRIVACY,
        defaults={
            "title_en": "Privacy", "title_fr": "Confidentialité", "slug_en": "privacy",
            "slug_fr": "confidentialite", "body_en": "<p>x</p>", "body_fr": "<p>x</p>",
            "is_published": True, "version": version,
        },
    )  # fmt: skip
    return page


# 1. Consent


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "Consent given on 3 March 2026 (privacy notice 2026-01)."),
        (
            "fr",
            "Consentement donné le 3 mars 2026 (politique de confidentialité, version 2026-01).",
        ),
    ],
)
def test_editing_shows_the_consent_given_instead_of_asking_again(client, health, language, said):
    privacy_notice("2026-01")
    consent_at = datetime(2026, 3, 3, 10, tzinfo=UTC)
    ExpertProfileFactory(email=EMAIL, consent_at=consent_at, privacy_version="2026-01")
    sign_in(client)
    html = client.get(url("talent:profile-edit", language)).content.decode()
    assert said in html
    assert 'name="consent"' not in html
    response = client.post(url("talent:profile-edit", language), form_data(health, consent=None))
    assert response.status_code == 302
    profile = ExpertProfile.objects.get()
    assert profile.consent_at == consent_at and profile.privacy_version == "2026-01"
    assert profile.profession == "Nurse"


def test_a_consent_given_without_a_notice_version_names_none(client):
    ExpertProfileFactory(email=EMAIL, privacy_version="")
    sign_in(client)
    html = client.get(url("talent:profile-edit")).content.decode()
    assert "Consent given on " in html and "privacy notice )" not in html
    assert 'name="consent"' not in html


def test_a_new_privacy_notice_asks_for_consent_again(client, health):
    privacy_notice("2026-01")
    ExpertProfileFactory(email=EMAIL, privacy_version="2026-01")
    privacy_notice("2026-09")
    sign_in(client)
    html = client.get(url("talent:profile-edit")).content.decode()
    assert 'name="consent"' in html and "Consent given on" not in html
    refused = client.post(url("talent:profile-edit"), form_data(health, consent=None))
    assert refused.status_code == 400
    assert "Please accept the privacy notice to keep a profile." in refused.content.decode()
    assert ExpertProfile.objects.get().privacy_version == "2026-01"
    assert client.post(url("talent:profile-edit"), form_data(health)).status_code == 302
    assert ExpertProfile.objects.get().privacy_version == "2026-09"


def test_a_new_profile_always_asks_for_consent(client, health):
    privacy_notice("2026-01")
    sign_in(client)
    assert 'name="consent"' in client.get(url("talent:profile-edit")).content.decode()


# 3 and 4. From an application: the notice, one radio group for the CV, the thanks page


@pytest.fixture
def application(health, private_dir):
    application = ApplicationFactory(
        email=EMAIL,
        name="Amina Uwase",
        sector=health,
        languages=[{"language": "ar", "level": "fluent"}, {"language": "fr", "level": "native"}],
        cv="",
    )
    application.cv.save("cv.pdf", ContentFile(pdf(CATALOGUE, PAGES) + b"% the application's\n"))
    return application


def checked_cv_choice(html: str) -> str | None:
    for tag in re.findall(r'<input[^>]*name="cv_action"[^>]*>', html):
        if " checked" in tag:
            return re.search(r'value="([^"]*)"', tag)[1]
    return None


def cv_choices(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('name="cv_action" value="')[1:]]


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "Filled in from your application {}: check each answer"),
        ("fr", "Rempli à partir de votre candidature {}" + NNBSP + ": vérifiez chaque réponse"),
    ],
)
def test_the_form_filled_in_from_an_application_says_so(client, application, language, said):
    sign_in(client)
    page = client.get(url("talent:profile-edit", language), {"from": application.reference})
    assert said.format(application.reference) in page.content.decode()


def test_the_cv_is_one_radio_group_with_the_choices_that_apply(client, application, private_dir):
    sign_in(client)
    html = client.get(url("talent:profile-edit"), {"from": application.reference}).text
    assert 'name="use_application_cv"' not in html
    assert cv_choices(html) == ["application", "upload"]
    assert checked_cv_choice(html) == "application"
    ExpertProfileFactory(email=EMAIL, cv="talent-cv/old.pdf")
    html = client.get(url("talent:profile-edit"), {"from": application.reference}).text
    assert cv_choices(html) == ["keep", "application", "upload", "remove"]
    assert checked_cv_choice(html) == "keep"
    assert f"Use the CV I sent with application {application.reference}" in html
    html = client.get(url("talent:profile-edit")).text
    assert cv_choices(html) == ["keep", "upload", "remove"]


def test_uploading_another_file_wins_over_the_applications_cv(
    client, application, health, private_dir
):
    sign_in(client)
    data = form_data(health, **{"from": application.reference, "cv_action": "upload"})
    data["cv"] = cv_upload()
    assert client.post(url("talent:profile-edit"), data).status_code == 302
    profile = ExpertProfile.objects.get()
    with profile.cv.open("rb") as copy, application.cv.open("rb") as original:
        assert copy.read() != original.read()


def thanks(client, application, language="en"):
    signer = signing.get_cookie_signer(salt=THANKS_COOKIE + THANKS_SALT)
    client.cookies[THANKS_COOKIE] = signer.sign(f"application:{application.pk}")
    with_language = url("registrations:submission-thanks", language)
    return client.get(with_language, {"reference": application.reference}).content.decode()


SIGN_IN_SENTENCE = "You sign in to My space first, with a link we email you."


def test_the_offer_tells_only_a_signed_out_visitor_to_sign_in(client, application):
    assert SIGN_IN_SENTENCE in thanks(client, application)
    sign_in(client, "someone.else@example.org")
    assert SIGN_IN_SENTENCE in thanks(client, application)
    sign_in(client, EMAIL)
    html = thanks(client, application)
    assert SIGN_IN_SENTENCE not in html
    assert "Keep my profile for future calls" in html
    assert "If you already have a profile, you update it." in html


# 8. Language levels on the thanks page


@pytest.mark.parametrize(
    "language, said, nested",
    [
        ("en", "Arabic: fluent, French: native", "(Fluent)"),
        ("fr", f"Arabe{NNBSP}: courant, Français{NNBSP}: langue maternelle", "(Courant (aisance))"),
    ],
)
def test_language_levels_read_without_brackets(client, application, language, said, nested):
    html = thanks(client, application, language)
    assert said in html
    assert nested not in html


# 5. What My space says it holds


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "expert profile and CV"),
        ("fr", "profil d’expert et CV"),
    ],
)
def test_my_space_texts_name_the_expert_profile(client, application, language, said):
    assert said in client.get(url("members:sign-in", language)).content.decode()
    assert said.split(" et ")[0].split(" and ")[0] in thanks(client, application, language)
    sign_in(client, "nobody@example.org")
    space = client.get(url("members:space", language)).content.decode()
    assert space.count(said.split(" et ")[0].split(" and ")[0]) >= 2  # empty state, erasure


# 6. The profile's section in My space, the pause message with its date


def test_my_space_gives_the_profile_section_its_anchor(client):
    ExpertProfileFactory(email=EMAIL)
    sign_in(client)
    assert 'id="expert-profile"' in client.get(url("members:space")).content.decode()


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "we will not propose you for calls until 1 February 2027."),
        ("fr", "nous ne vous proposerons pour aucun appel jusqu’au 1er février 2027."),
    ],
)
def test_the_pause_message_names_the_date(client, language, said):
    ExpertProfileFactory(email=EMAIL)
    sign_in(client)
    with time_machine.travel(date(2026, 12, 3), tick=False):
        sign_in(client)
        response = client.post(
            url("talent:profile-pause", language), {"until": "2027-02-01"}, follow=True
        )
    assert response.redirect_chain[-1][0] == url("members:space", language) + "#expert-profile"
    assert said in response.content.decode()


# 7. The invitation does not overstate the match


def invite(call, profiles, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(call=call, profiles=profiles, user=None)
    return {message.to[0]: message for message in mail.outbox}


def test_a_near_miss_is_told_the_call_may_interest_them(django_capture_on_commit_callbacks):
    call = rwanda_health_call()
    full = expert(email="full@example.org", language="en", origin=["RW"],
                  speaks={"fr": "fluent"})  # fmt: skip
    near = expert(email="near@example.org", language="fr", origin=["RW"],
                  speaks={"fr": "basic"})  # fmt: skip
    sent = invite(call, [full, near], django_capture_on_commit_callbacks)
    assert "Your talent-pool profile matches a call" in sent["full@example.org"].body
    assert "may interest you" not in sent["full@example.org"].body
    near_body = sent["near@example.org"].body
    assert "pourrait vous intéresser" in near_body and "correspond" not in near_body
    html = sent["near@example.org"].alternatives[0][0]
    assert "pourrait vous intéresser" in html
    space = "/fr/mon-espace/#expert-profile"
    assert space in near_body and space in html
    assert "Mettre à jour ou suspendre mon profil" in html
    assert "/en/my-space/#expert-profile" in sent["full@example.org"].body
