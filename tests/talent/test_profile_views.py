"""The member's profile pages: create and edit, pause and resume, delete, and My space."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from talent.forms import ProfileForm
from talent.models import ExpertProfile
from tests.conftest import stored_files
from tests.portal.documents import executable, upload
from tests.projects.factories import SectorFactory, SkillFactory
from tests.talent.factories import ExpertProfileFactory
from tests.talent.helpers import EMAIL, cv_upload, form_data, sign_in, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def health():
    return SectorFactory(code="health", name_en="Health", name_fr="Santé")


def test_profile_pages_need_a_signed_in_member(client):
    for name in ("talent:profile-edit", "talent:profile-pause", "talent:profile-delete"):
        response = client.get(url(name))
        assert response.status_code == 302
        assert response["Location"].startswith(url("members:sign-in"))
    assert url("talent:profile-edit", "fr") == "/fr/vivier-de-talents/profil/"


def test_my_space_offers_to_create_a_profile(client, health):
    sign_in(client)
    response = client.get(url("members:space"))
    assert "Create my expert profile" in response.content.decode()
    assert url("talent:profile-edit") in response.content.decode()


def test_creating_a_profile_from_my_space(client, health, private_dir):
    skill = SkillFactory(name_en="Paediatric care", sector=health, is_active=True)
    sign_in(client)
    page = client.get(url("talent:profile-edit"))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    html = page.content.decode()
    assert "<legend><h2" in html and "Paediatric care" in html
    data = form_data(health, skills=[str(skill.pk)], cv=cv_upload())
    response = client.post(url("talent:profile-edit"), data)
    assert response.status_code == 302
    assert response["Location"] == url("members:space") + "#expert-profile"
    profile = ExpertProfile.objects.get(email=EMAIL)
    assert profile.work_mode == "remote" and list(profile.skills.all()) == [skill]
    assert profile.cv.name in stored_files(private_dir)
    space = client.get(url("members:space")).content.decode()
    assert "Nurse" in space and "Paediatric care" in space and "Available" in space
    assert "Last confirmed on" in space


def test_consent_is_required(client, health):
    sign_in(client)
    response = client.post(url("talent:profile-edit"), form_data(health, consent=None))
    assert response.status_code == 400
    assert "Please accept the privacy notice to keep a profile." in response.content.decode()
    assert not ExpertProfile.objects.exists()


def test_bad_input_is_refused_in_french_with_an_error_summary(client, health):
    sign_in(client)
    data = form_data(health, years_of_experience="200", spoken_level_0="", sectors=[])
    response = client.post(url("talent:profile-edit", "fr"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    assert "Choisissez au moins un secteur." in html
    assert "Choisissez le niveau pour cette langue." in html
    assert not ExpertProfile.objects.exists()


def test_a_file_that_is_not_a_document_is_refused(client, health, private_dir):
    sign_in(client)
    bad = upload(executable(), name="cv.pdf")
    response = client.post(url("talent:profile-edit"), form_data(health, cv=bad))
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not ExpertProfile.objects.exists()
    assert stored_files(private_dir) == []


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "We added the sector of the skills you chose: Education."),
        ("fr", "Nous avons ajouté le secteur des compétences choisies\u202f: Éducation."),
    ],
)
def test_a_skill_brings_its_sector_and_says_so(client, health, language, said):
    education = SectorFactory(code="education", name_en="Education", name_fr="Éducation")
    teaching = SkillFactory(name_en="Teaching", sector=education, is_active=True)
    sign_in(client)
    data = form_data(health, skills=[str(teaching.pk)])
    response = client.post(url("talent:profile-edit", language), data, follow=True)
    assert response.redirect_chain[0][1] == 302
    profile = ExpertProfile.objects.get()
    assert set(profile.sectors.all()) == {health, education}
    assert said in response.content.decode()


def test_a_skill_alone_is_enough_for_its_sector(client, health):
    teaching = SkillFactory(name_en="Teaching", sector=health, is_active=True)
    sign_in(client)
    response = client.post(
        url("talent:profile-edit"), form_data(health, sectors=[], skills=[str(teaching.pk)])
    )
    assert response.status_code == 302
    assert list(ExpertProfile.objects.get().sectors.all()) == [health]


def test_editing_shows_the_profile_and_keeps_the_cv(client, health, private_dir):
    sign_in(client)
    client.post(url("talent:profile-edit"), form_data(health, cv=cv_upload()))
    kept = ExpertProfile.objects.get().cv.name
    page = client.get(url("talent:profile-edit")).content.decode()
    assert 'value="Amina Uwase"' in page and "Keep my current CV" in page
    response = client.post(
        url("talent:profile-edit"), form_data(health, profession="Midwife", cv_action="keep")
    )
    assert response.status_code == 302
    profile = ExpertProfile.objects.get()
    assert profile.profession == "Midwife" and profile.cv.name == kept


def test_replace_without_a_file_is_refused(client, health):
    ExpertProfileFactory(email=EMAIL, cv="talent-cv/old.pdf")
    sign_in(client)
    response = client.post(url("talent:profile-edit"), form_data(health, cv_action="upload"))
    assert response.status_code == 400
    assert "Choose the file to upload." in response.content.decode()


def test_pause_must_be_in_the_future_and_within_two_years(client):
    profile = ExpertProfileFactory(email=EMAIL)
    sign_in(client)
    today = timezone.localdate()
    for until, message in [
        (today, "Choose a date in the future."),
        (today + timedelta(days=800), "Choose a date within the next two years."),
    ]:
        response = client.post(url("talent:profile-pause"), {"until": until.isoformat()})
        assert response.status_code == 400
        assert message in response.content.decode()
    response = client.post(
        url("talent:profile-pause"), {"until": (today + timedelta(days=30)).isoformat()}
    )
    assert response.status_code == 302
    assert response["Location"] == url("members:space") + "#expert-profile"
    profile.refresh_from_db()
    assert profile.paused_until == today + timedelta(days=30)
    space = client.get(url("members:space")).content.decode()
    assert "Paused: not available until" in space and "I am available again" in space
    resumed = client.post(url("talent:profile-resume"))
    assert resumed["Location"] == url("members:space") + "#expert-profile"
    profile.refresh_from_db()
    assert profile.paused_until is None


def test_pause_in_french_says_so_in_french(client):
    ExpertProfileFactory(email=EMAIL)
    sign_in(client)
    response = client.post(url("talent:profile-pause", "fr"), {"until": "2000-01-01"})
    assert response.status_code == 400
    assert "Choisissez une date dans le futur." in response.content.decode()


def test_delete_asks_then_deletes_profile_and_file(
    client, health, private_dir, django_capture_on_commit_callbacks
):
    sign_in(client)
    client.post(url("talent:profile-edit"), form_data(health, cv=cv_upload()))
    page = client.get(url("talent:profile-delete"))
    assert "the CV kept with it" in page.content.decode()
    assert ExpertProfile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("talent:profile-delete"))
    assert response.status_code == 302
    assert not ExpertProfile.objects.exists()
    assert stored_files(private_dir) == []


def test_someone_elses_profile_is_never_shown(client, health):
    ExpertProfileFactory(email="other@example.org", name="Other Person")
    sign_in(client)
    page = client.get(url("talent:profile-edit")).content.decode()
    assert "Other Person" not in page
    assert "Other Person" not in client.get(url("members:space")).content.decode()


def test_pages_make_constant_queries(client, health, django_assert_max_num_queries):
    skills = [SkillFactory(sector=health, is_active=True) for _ in range(3)]
    profile = ExpertProfileFactory(email=EMAIL, skills=skills, summary={"en": "x", "fr": "y"})
    sign_in(client)
    with django_assert_max_num_queries(20) as few:
        client.get(url("talent:profile-edit"))
    for n in range(10):
        sector = SectorFactory(code=f"s{n}")
        SkillFactory(sector=sector, is_active=True)
    profile.skills.set([*skills, *[SkillFactory(sector=health) for _ in range(5)]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("talent:profile-edit"))
    with django_assert_max_num_queries(40) as few:
        client.get(url("members:space"))
    ExpertProfileFactory(email="x@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("members:space"))


def test_a_cv_chosen_on_a_failed_submit_is_kept(client, health, private_dir):
    sign_in(client)
    data = form_data(health, consent=None, cv=cv_upload(), submission_key=str(uuid.uuid4()))
    failed = client.post(url("talent:profile-edit"), data)
    assert failed.status_code == 400
    assert "is kept: you need not choose it again" in failed.content.decode()
    kept_token = failed.context["form"].data["kept_cv"]
    assert [name for name in stored_files(private_dir) if name.startswith("kept-cv/")]
    data = form_data(health, kept_cv=kept_token, submission_key=data["submission_key"])
    response = client.post(url("talent:profile-edit"), data)
    assert response.status_code == 302
    profile = ExpertProfile.objects.get()
    assert stored_files(private_dir) == [profile.cv.name]


def test_skills_without_a_sector_are_grouped_last_as_other_skills(db):
    SkillFactory(code="accounting", name_en="Accounting", sector=None)
    SkillFactory(code="zoology", name_en="Zoology", sector=SectorFactory(code="zoo", name_en="Zoo"))
    SkillFactory(code="admin", name_en="Admin", sector=SectorFactory(code="adm", name_en="Admin"))
    titles = [str(group["title"]) for group in ProfileForm().skill_groups()]
    assert titles == ["Admin", "Zoo", "Other skills"]
