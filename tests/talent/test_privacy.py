"""Expert profiles in the privacy registry: export with their rows and names, erasure,
retention after the yearly question, and withdrawal from My space."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from portal.core import privacy
from talent.models import ExpertProfile, Invitation, ProfileCountry, ProfileLanguage, ProfileSummary
from tests.conftest import stored_files
from tests.portal.documents import CATALOGUE, PAGES, pdf
from tests.projects.factories import SectorFactory, SkillFactory
from tests.talent.factories import ExpertProfileFactory, InvitationFactory
from tests.talent.helpers import EMAIL, sign_in, url

pytestmark = pytest.mark.django_db


def with_cv(profile: ExpertProfile) -> ExpertProfile:
    profile.cv.save("cv.pdf", ContentFile(pdf(CATALOGUE, PAGES)))
    return profile


def aged(days: int, reminded_days_ago: int | None = None, **kwargs) -> ExpertProfile:
    now = timezone.now()
    return ExpertProfileFactory(
        confirmed_at=now - timedelta(days=days),
        reminder_sent_at=None
        if reminded_days_ago is None
        else now - timedelta(days=reminded_days_ago),
        **kwargs,
    )


def test_export_lists_the_profiles_rows_and_names():
    health = SectorFactory(code="health", name_en="Health")
    skill = SkillFactory(name_en="Paediatric care", sector=health)
    ExpertProfileFactory(
        email=EMAIL, sectors=[health], skills=[skill], summary={"fr": "Infirmière."},
        speaks={"rw": "native"}, origin=["RW"], residence=["BE"],
    )  # fmt: skip
    records = privacy.export_for_email("AMINA@example.org")["records"]
    row = records["talent.expertprofile"][0]
    assert row["sectors"] == ["Health"] and row["skills"] == ["Paediatric care"]
    assert "search_text" not in row
    assert [r["country"] for r in records["talent.profilecountry"]] == ["RW", "BE"]
    assert records["talent.profilelanguage"][0]["level"] == "native"
    assert records["talent.profilesummary"][0]["text"] == "Infirmière."


def test_erase_command_removes_profile_rows_invitations_and_cv(
    private_dir, django_capture_on_commit_callbacks
):
    profile = with_cv(ExpertProfileFactory(email=EMAIL, summary={"en": "x"}))
    InvitationFactory(profile=profile)
    other = ExpertProfileFactory(email="other@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("personal_data", "erase", EMAIL, "--no-input")
    assert list(ExpertProfile.objects.all()) == [other]
    assert not Invitation.objects.exists() and not ProfileSummary.objects.exists()
    assert ProfileCountry.objects.filter(profile=other).count() == 2
    assert stored_files(private_dir) == []


def test_retention_waits_for_the_question_and_the_time_to_answer(
    private_dir, django_capture_on_commit_callbacks
):
    expired = with_cv(aged(400, reminded_days_ago=35))
    answering = aged(400, reminded_days_ago=10)  # asked late (mail was down): time to answer
    never_asked = aged(400)  # the question could not go: kept while it is tried again
    given_up = aged(400 + 91)  # ... but not for ever
    recent = aged(30)
    with django_capture_on_commit_callbacks(execute=True):
        counts = privacy.retention_purge(dry_run=False)
    assert counts["talent.expertprofile"] == 2
    assert set(ExpertProfile.objects.all()) == {answering, never_asked, recent}
    assert not ExpertProfile.objects.filter(pk__in=[expired.pk, given_up.pk]).exists()
    assert not ProfileLanguage.objects.filter(profile_id=expired.pk).exists()
    assert stored_files(private_dir) == []


def test_a_profile_is_never_purged_before_the_question_went_out(settings):
    """Asked on the day it was due (365 days), purged only 30 days later (395)."""
    profile = aged(366, reminded_days_ago=1)
    assert privacy.retention_purge(dry_run=True)["talent.expertprofile"] == 0
    ExpertProfile.objects.filter(pk=profile.pk).update(
        confirmed_at=timezone.now() - timedelta(days=396),
        reminder_sent_at=timezone.now() - timedelta(days=31),
    )
    assert privacy.retention_purge(dry_run=True)["talent.expertprofile"] == 1


def test_withdrawing_consent_from_my_space_deletes_the_profile(
    client, private_dir, django_capture_on_commit_callbacks
):
    profile = with_cv(ExpertProfileFactory(email=EMAIL))
    sign_in(client)
    space = client.get(url("members:space")).content.decode()
    withdraw = url("members:consent-withdraw", label="talent.expertprofile", pk=profile.pk)
    assert withdraw in space
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw)
    assert response.status_code == 302
    assert not ExpertProfile.objects.exists()
    assert stored_files(private_dir) == []


def test_someone_elses_profile_cannot_be_withdrawn(client):
    profile = ExpertProfileFactory(email="other@example.org")
    sign_in(client)
    withdraw = url("members:consent-withdraw", label="talent.expertprofile", pk=profile.pk)
    assert client.post(withdraw).status_code == 404
    assert ExpertProfile.objects.exists()
