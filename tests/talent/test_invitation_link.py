"""The link of an invitation (talent/views/invitation.py). A GET shows the call and one
button, nothing personal (a mail scanner opening it learns nothing and marks nothing); the
button's POST signs the member in to My space for the invitation's address and brings them
to the member-only form page: the call's application form prefilled from the profile in the
language of the URL, the CV kept (one copy per invitation), posting to the normal
application path."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from portal.core import privacy
from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY
from portal.core.services import personal_data_erase
from registrations.kept_cv import KEPT_CV_SALT
from registrations.models import Application
from talent.models import ExpertProfile, Invitation
from talent.services import profile_delete
from tests.conftest import stored_files
from tests.portal import documents
from tests.projects.factories import SectorFactory
from tests.talent.support import expert, rwanda_health_call

pytestmark = pytest.mark.django_db

PERSONAL = ("Aline Uwase", "aline@example.org", "Midwife", "cv.pdf", "kept_cv")


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


def form_page(invitation, language="en") -> str:
    with translation.override(language):
        return reverse("talent:invitation-form", kwargs={"pk": invitation.pk})


def opened(client, invitation, language="en") -> str:
    """The member presses the button: the HTML of the form page they land on."""
    response = client.post(link(invitation, language))
    assert response.status_code == 302 and response["Location"] == form_page(invitation, language)
    response = client.get(response["Location"])
    assert response.status_code == 200
    return response.text


def signed_in_as(client, email: str) -> None:
    session = client.session
    session[EMAIL_KEY] = email
    session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    session.save()


def kept_files(private_dir) -> list[str]:
    return [name for name in stored_files(private_dir) if name.startswith("kept-cv/")]


def selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)[0]
    return re.search(r'<option value="([^"]*)"[^>]*selected', select)[1]


def value(html: str, name: str) -> str:
    return re.search(rf'<input type="[a-z]+" name="{name}" value="([^"]*)"', html)[1]


def value_or_none(html, name):
    found = re.search(rf'<input type="[a-z]+" name="{name}" value="([^"]*)"', html)
    return found[1] if found else None


def test_the_link_shows_the_call_and_a_button_and_nothing_personal(client, invitation, private_dir):
    response = client.get(link(invitation))
    html = response.text
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert invitation.call.title_en in html
    assert "Open my application, filled in from my profile" in html
    csrf = r'<form method="post">\s*<input type="hidden" name="csrfmiddlewaretoken"'
    assert re.search(csrf, html)
    for personal in PERSONAL:
        assert personal not in html
    assert EMAIL_KEY not in client.session  # nobody is signed in by a GET
    invitation.refresh_from_db()
    assert invitation.opened_at is None  # a mail scanner's GET marks nothing
    assert kept_files(private_dir) == []  # nor copies the CV


def test_the_button_signs_the_member_in_and_opens_the_form(client, invitation):
    response = client.post(link(invitation))
    assert response.status_code == 302
    assert response["Location"] == form_page(invitation)
    assert client.session[EMAIL_KEY] == "aline@example.org"
    invitation.refresh_from_db()
    assert invitation.opened_at is not None


def test_the_form_page_is_prefilled_from_the_profile(client, invitation):
    response = client.post(link(invitation))
    response = client.get(response["Location"])
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


def test_the_form_page_is_for_the_invitations_address_only(client, invitation):
    url = form_page(invitation)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    signed_in_as(client, "someone@example.org")
    response = client.get(url)
    assert response.status_code == 404
    assert "Aline Uwase" not in response.text and "Midwife" not in response.text


def test_an_other_members_button_press_signs_them_in_as_the_invited_address(client, invitation):
    """Whoever holds the link proves the address (like a sign-in link): the session
    becomes the invitation's, never a mix of the two."""
    signed_in_as(client, "someone@example.org")
    client.post(link(invitation))
    assert client.session[EMAIL_KEY] == "aline@example.org"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_whole_flow_ends_with_an_application_holding_the_cv(
    client, invitation, private_dir, language, django_capture_on_commit_callbacks
):
    html = opened(client, invitation, language)
    token = value(html, "kept_cv")
    kept = signing.loads(token, salt=KEPT_CV_SALT)
    assert kept["stored"] == f"kept-cv/invitation-{invitation.pk}.pdf"
    data = dict(
        re.findall(
            r'<input type="(?:text|email|number|hidden|date)" name="([^"]+)" value="([^"]*)"', html
        )
    )
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
    assert kept_files(private_dir) == []  # the kept copy went with the saved application


def test_the_form_is_in_the_language_of_the_url(client, invitation):
    html = opened(client, invitation, "fr")
    assert '<html lang="fr"' in html
    assert "à partir de votre profil" in html
    assert value(html, "name") == "Aline Uwase"
    with translation.override("fr"):
        action = reverse("registrations:apply", kwargs={"slug": invitation.call.slug_fr})
    assert f'action="{action}"' in html


def test_the_first_opening_is_recorded(client, invitation):
    client.post(link(invitation))
    invitation.refresh_from_db()
    first = invitation.opened_at
    assert first is not None
    client.post(link(invitation, "fr"))
    invitation.refresh_from_db()
    assert invitation.opened_at == first


def test_three_gets_and_two_form_views_copy_the_cv_once(client, invitation, private_dir):
    for _ in range(3):
        client.get(link(invitation))
    assert kept_files(private_dir) == []
    first = opened(client, invitation)
    second = client.get(form_page(invitation)).text
    assert kept_files(private_dir) == [f"kept-cv/invitation-{invitation.pk}.pdf"]
    for html in (first, second):
        token = signing.loads(value(html, "kept_cv"), salt=KEPT_CV_SALT)
        assert token["stored"] == f"kept-cv/invitation-{invitation.pk}.pdf"


def test_a_changed_profile_is_copied_again_in_place(client, invitation, private_dir):
    opened(client, invitation)
    profile = invitation.profile
    profile.cv.save("newer.pdf", ContentFile(documents.PDF + b"%newer"))
    client.get(form_page(invitation))
    assert kept_files(private_dir) == [f"kept-cv/invitation-{invitation.pk}.pdf"]
    assert (
        (private_dir / f"kept-cv/invitation-{invitation.pk}.pdf").read_bytes().endswith(b"%newer")
    )


def test_erasing_the_address_leaves_no_kept_cv(
    client, invitation, private_dir, django_capture_on_commit_callbacks
):
    opened(client, invitation)
    assert kept_files(private_dir) != []
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_erase(email="Aline@example.org", reason="test")
    assert not Invitation.objects.exists()
    assert kept_files(private_dir) == []


def test_deleting_the_profile_leaves_no_kept_cv(
    client, invitation, private_dir, django_capture_on_commit_callbacks
):
    opened(client, invitation)
    with django_capture_on_commit_callbacks(execute=True):
        profile_delete(profile=invitation.profile)
    assert kept_files(private_dir) == []


def test_the_profile_going_by_retention_leaves_no_kept_cv(
    client, invitation, private_dir, django_capture_on_commit_callbacks
):
    """Retention removes the profile only (its invitations go by cascade)."""
    opened(client, invitation)
    entry = privacy.registry()["talent.expertprofile"]
    with django_capture_on_commit_callbacks(execute=True):
        entry.remove(ExpertProfile.objects.filter(pk=invitation.profile_id))
    assert not Invitation.objects.exists()
    assert kept_files(private_dir) == []


def test_the_sweep_and_the_token_accept_the_kept_name(client, invitation, private_dir, settings):
    from portal.core.private_files import orphans_sweep

    opened(client, invitation)
    assert orphans_sweep(dry_run=True) == []  # young: kept
    settings.KEPT_CV_MAX_AGE_HOURS = 0
    assert orphans_sweep(dry_run=False) == [f"kept-cv/invitation-{invitation.pk}.pdf"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Invitation not found"), ("fr", "Invitation introuvable")],
)
def test_an_unknown_token_says_so_in_the_visitors_language(client, db, language, text):
    with translation.override(language):
        url = reverse("talent:invitation", kwargs={"token": "nope"})
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 404 and text in response.text
    assert EMAIL_KEY not in client.session


def test_a_closed_call_says_so(client, invitation, private_dir):
    call = invitation.call
    call.opens_at = timezone.now() - timedelta(days=5)
    call.closes_at = timezone.now() - timedelta(days=1)
    call.save()
    for response in (client.get(link(invitation)), client.post(link(invitation))):
        assert "This call is closed" in response.text and 'name="kept_cv"' not in response.text
    assert EMAIL_KEY not in client.session
    invitation.refresh_from_db()
    assert invitation.opened_at is None
    assert kept_files(private_dir) == []


def test_the_pages_use_a_bounded_number_of_queries(
    client, invitation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        client.get(link(invitation))
    client.post(link(invitation))
    with django_assert_max_num_queries(8):
        assert client.get(form_page(invitation)).status_code == 200
