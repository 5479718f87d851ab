"""Saving, pausing, confirming and deleting a member's expert profile."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from portal.core.privacy import erase_for_email
from talent import services
from talent.models import ExpertProfile, ProfileCountry, ProfileLanguage, ProfileSummary
from talent.services import profiles
from tests.conftest import stored_files
from tests.projects.factories import SectorFactory, SkillFactory
from tests.talent.factories import ExpertProfileFactory, InvitationFactory
from tests.talent.helpers import EMAIL, cv_upload, profile_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def health():
    return SectorFactory(code="health", name_en="Health", name_fr="Santé")


def test_creating_a_profile_records_consent_and_its_rows(health):
    skill = SkillFactory(name_en="Paediatric care", name_fr="Soins pédiatriques", sector=health)
    profile = services.profile_save(
        email=" Amina@Example.org ",
        language="fr",
        data=profile_data(health, skills=[skill], origins=["RW", "BI"]),
        privacy_version="2026-01",
    )
    profile.refresh_from_db()
    assert profile.email == EMAIL
    assert profile.language == "fr"
    assert profile.consent_at is not None and profile.confirmed_at == profile.consent_at
    assert profile.privacy_version == "2026-01"
    assert sorted((c.kind, c.country.code) for c in profile.countries.all()) == [
        ("origin", "BI"), ("origin", "RW"), ("residence", "BE")
    ]  # fmt: skip
    assert {(row.language, row.level) for row in profile.languages.all()} == {
        ("rw", "native"), ("fr", "fluent")
    }  # fmt: skip
    assert {s.language: s.text for s in profile.summaries.all()} == {
        "en": "Paediatric nurse.", "fr": "Infirmière pédiatrique."
    }  # fmt: skip
    assert list(profile.sectors.all()) == [health]
    assert list(profile.skills.all()) == [skill]


def test_search_text_holds_profession_summaries_and_names_in_every_language(health):
    skill = SkillFactory(name_en="Paediatric care", name_fr="Soins pédiatriques", sector=health)
    profile = services.profile_save(
        email=EMAIL, language="en", data=profile_data(health, skills=[skill]), privacy_version=""
    )
    lines = ExpertProfile.objects.get(pk=profile.pk).search_text.split("\n")
    assert lines == [
        "nurse", "paediatric nurse.", "infirmiere pediatrique.",
        "paediatric care", "soins pediatriques", "health", "sante",
    ]  # fmt: skip


def test_saving_again_replaces_rows_and_counts_as_confirmation(health):
    old = timezone.now() - timedelta(days=400)
    ExpertProfileFactory(
        email=EMAIL, confirmed_at=old, reminder_sent_at=old, speaks={"en": "basic"}
    )
    education = SectorFactory(code="education")
    profile = services.profile_save(
        email=EMAIL,
        language="en",
        data=profile_data(education, languages=[{"language": "sw", "level": "good"}], summaries={}),
        privacy_version="",
    )
    assert ExpertProfile.objects.count() == 1
    assert [(r.language, r.level) for r in ProfileLanguage.objects.filter(profile=profile)] == [
        ("sw", "good")
    ]
    assert not ProfileSummary.objects.filter(profile=profile).exists()
    assert list(profile.sectors.all()) == [education]
    assert profile.confirmed_at > old and profile.reminder_sent_at is None


def test_a_failed_save_changes_nothing_and_leaves_no_file(
    health, private_dir, monkeypatch, django_capture_on_commit_callbacks
):
    ExpertProfileFactory(email=EMAIL, profession="Midwife")

    def broken(profile, data):
        raise IntegrityError("boom")

    monkeypatch.setattr("talent.services.profiles._replace_rows", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IntegrityError):
        services.profile_save(
            email=EMAIL,
            language="en",
            data=profile_data(health),
            privacy_version="",
            cv=cv_upload(),
        )
    assert ExpertProfile.objects.get().profession == "Midwife"
    assert stored_files(private_dir) == []


def test_a_new_cv_replaces_the_old_file_after_commit(
    health, private_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.profile_save(
            email=EMAIL,
            language="en",
            data=profile_data(health),
            privacy_version="",
            cv=cv_upload(),
        )
    old_name = first.cv.name
    assert old_name.startswith("talent-cv/") and "my cv" not in old_name
    with django_capture_on_commit_callbacks(execute=True):
        second = services.profile_save(
            email=EMAIL,
            language="en",
            data=profile_data(health),
            privacy_version="",
            cv=cv_upload(),
        )
    assert stored_files(private_dir) == [second.cv.name]
    with django_capture_on_commit_callbacks(execute=True):
        third = services.profile_save(
            email=EMAIL,
            language="en",
            data=profile_data(health),
            privacy_version="",
            remove_cv=True,
        )
    assert not third.cv
    assert stored_files(private_dir) == []


def test_pause_and_resume(health):
    profile = ExpertProfileFactory(email=EMAIL)
    until = timezone.localdate() + timedelta(days=60)
    services.profile_pause(profile=profile, until=until)
    assert profile.paused_until == until and profile.is_paused()
    assert not ExpertProfile.objects.available_on(timezone.localdate()).exists()
    services.profile_resume(profile=profile)
    assert profile.paused_until is None
    assert ExpertProfile.objects.available_on(timezone.localdate()).exists()


def test_confirm_restarts_retention_and_clears_the_reminder():
    old = timezone.now() - timedelta(days=370)
    profile = ExpertProfileFactory(confirmed_at=old, reminder_sent_at=old)
    services.profile_confirm(profile=profile)
    assert profile.confirmed_at > old and profile.reminder_sent_at is None


def test_delete_removes_profile_rows_invitations_and_cv(
    health, private_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        profile = services.profile_save(
            email=EMAIL,
            language="en",
            data=profile_data(health),
            privacy_version="",
            cv=cv_upload(),
        )
    InvitationFactory(profile=profile)
    assert stored_files(private_dir)
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_delete(profile=profile)
    assert not ExpertProfile.objects.exists()
    assert not ProfileCountry.objects.exists() and not ProfileLanguage.objects.exists()
    assert not profile.invitations.model.objects.exists()
    assert stored_files(private_dir) == []
    assert not ExpertProfile.history.model.objects.filter(id=profile.pk).exists()


def test_erase_everything_removes_the_profile_and_its_file(
    health, private_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_save(
            email=EMAIL,
            language="en",
            data=profile_data(health),
            privacy_version="",
            cv=cv_upload(),
        )
    with django_capture_on_commit_callbacks(execute=True):
        counts = erase_for_email("AMINA@example.org")
    assert counts["talent.expertprofile"] == 1
    assert counts["talent.profilecountry"] == 2
    assert not ExpertProfile.objects.exists()
    assert stored_files(private_dir) == []


def test_unknown_summary_languages_and_blank_summaries_are_not_kept(health):
    profile = services.profile_save(
        email=EMAIL,
        language="en",
        data=profile_data(health, summaries={"en": "  ", "de": "Krankenschwester"}),
        privacy_version="",
    )
    assert not profile.summaries.exists()
    assert profile.available_from is None or isinstance(profile.available_from, date)


def test_two_first_saves_at_once_make_one_profile(health, monkeypatch):
    """The other request created the row after this one looked for it: the database
    refuses the second insert, and the save becomes an update of that row."""
    ExpertProfileFactory(email=EMAIL, profession="Midwife")
    locked = profiles._locked_profile
    calls = []

    def not_there_yet(email):
        calls.append(email)
        return None if len(calls) == 1 else locked(email)

    monkeypatch.setattr(profiles, "_locked_profile", not_there_yet)
    profile = services.profile_save(
        email=EMAIL, language="en", data=profile_data(health), privacy_version=""
    )
    assert len(calls) == 2
    assert ExpertProfile.objects.get() == profile
    assert profile.profession == "Nurse"
