"""The talent pool in the admin: programme officers search it, read profiles (each reading
logged in the profile's history), download CVs (logged); editors see nothing of it anywhere;
password-only staff go to the login."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from talent.models import ExpertProfile
from talent.services.staff_access import PROFILE_VIEWED
from tests.conftest import stored_files
from tests.projects.factories import SectorFactory, SkillFactory
from tests.talent.factories import ExpertProfileFactory, InvitationFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("admin:talent_expertprofile_changelist")


def change_url(profile) -> str:
    return reverse("admin:talent_expertprofile_change", args=[profile.pk])


@pytest.fixture
def officer_client(client, programme_officer):
    client.force_login(programme_officer)
    return client


@pytest.fixture
def amina():
    health = SectorFactory(code="health", name_en="Health", name_fr="Santé")
    return ExpertProfileFactory(
        name="Amina Uwase",
        email="amina@example.org",
        profession="Paediatric surgeon",
        origin=["RW"],
        residence=["BE"],
        speaks={"fr": "native", "rw": "native"},
        sectors=[health],
        skills=[SkillFactory(name_en="Surgery", name_fr="Chirurgie", sector=health)],
        summary={"en": "Twelve years in paediatric surgery.", "fr": "Douze ans en chirurgie."},
        search_text="paediatric surgeon surgery chirurgie",
    )


def test_officer_searches_with_facets_and_sees_a_result_row(officer_client, amina):
    ExpertProfileFactory(name="Moussa", origin=["MR"], search_text="teacher")
    response = officer_client.get(SEARCH, {"origin": "RW", "q": "surgeon"})
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    html = response.text
    assert "1 profile" in html
    assert "Amina Uwase" in html and "Moussa" not in html
    assert "Paediatric surgeon" in html
    assert "Rwanda" in html and "Belgium" in html
    assert "French (Native), Kinyarwanda (Native)" in html
    assert "Surgery" in html and "Available now" in html
    assert f'href="{change_url(amina)}"' in html
    # The facets, with counts, every other filter applied.
    assert "<legend>Country of origin or heritage</legend>" in html
    assert 'Mauritania <span class="pool-n">(0)</span>' not in html


def test_search_page_is_in_french(officer_client, amina):
    officer_client.cookies["django_language"] = "fr"
    html = officer_client.get(SEARCH).text
    assert "Rechercher dans le vivier de talents" in html
    assert "Santé" in html and "Chirurgie" in html


def test_a_bad_filter_is_shown_on_the_form_not_a_server_error(officer_client, amina):
    response = officer_client.get(SEARCH, {"sector": "x", "page": "999"})
    assert response.status_code == 200
    assert 'class="errornote"' in response.text
    assert "Amina Uwase" in response.text  # the last page, the bad filter left out


def test_search_page_queries_are_constant(officer_client, amina, django_assert_max_num_queries):
    officer_client.get(SEARCH)  # warm the session and site settings
    with django_assert_max_num_queries(30) as captured:
        officer_client.get(SEARCH, {"q": "surgeon", "language": "fr"})
    before = len(captured)
    for n in range(30):
        ExpertProfileFactory(
            speaks={"fr": "fluent"}, sectors=list(amina.sectors.all()),
            skills=list(amina.skills.all()), search_text=f"surgeon {n}",
        )  # fmt: skip
    with django_assert_max_num_queries(before):
        officer_client.get(SEARCH, {"q": "surgeon", "language": "fr"})


def test_profile_page_is_read_only_and_every_view_is_logged(
    officer_client, programme_officer, amina
):
    response = officer_client.get(change_url(amina))
    assert response.status_code == 200
    html = response.text
    assert "Amina Uwase" in html and "amina@example.org" in html
    assert "Douze ans en chirurgie." in html
    assert 'name="_save"' not in html  # nothing to save
    officer_client.get(change_url(amina))
    entries = LogEntry.objects.filter(object_id=str(amina.pk), change_message=PROFILE_VIEWED)
    assert entries.count() == 2
    assert {entry.user_id for entry in entries} == {programme_officer.pk}


def test_views_appear_in_the_history_in_the_readers_language(officer_client, amina):
    officer_client.get(change_url(amina))
    officer_client.cookies["django_language"] = "fr"
    history = reverse("admin:talent_expertprofile_history", args=[amina.pk])
    html = officer_client.get(history).text
    assert "A consulté le profil d’expert." in html


def test_officer_cannot_add_or_change_but_may_delete_with_the_cv(
    private_dir, officer_client, amina, django_capture_on_commit_callbacks
):
    amina.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    assert stored_files(private_dir) != []
    assert officer_client.get(reverse("admin:talent_expertprofile_add")).status_code == 403
    response = officer_client.post(change_url(amina), {"name": "Someone else"})
    assert response.status_code == 403
    ExpertProfile.objects.get(pk=amina.pk, name="Amina Uwase")
    delete = reverse("admin:talent_expertprofile_delete", args=[amina.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_client.post(delete, {"post": "yes"}).status_code == 302
    assert not ExpertProfile.objects.filter(pk=amina.pk).exists()
    assert stored_files(private_dir) == []


def test_cv_download_is_an_attachment_logged_in_the_history(
    private_dir, officer_client, programme_officer, amina
):
    amina.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    response = officer_client.get(reverse("admin:talent_expertprofile_cv", args=[amina.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 cv"
    assert LogEntry.objects.filter(
        object_id=str(amina.pk), change_message="Downloaded the CV.", user=programme_officer
    ).exists()


def test_cv_is_not_found_for_the_public_and_refused_to_editors(private_dir, client, editor, amina):
    amina.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    url = reverse("admin:talent_expertprofile_cv", args=[amina.pk])
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 403
    assert not LogEntry.objects.exists()


def test_editor_sees_no_profile_anywhere(editor_client, amina):
    invitation = InvitationFactory(profile=amina)
    for url in (
        SEARCH,
        change_url(amina),
        reverse("admin:talent_expertprofile_history", args=[amina.pk]),
        reverse("admin:talent_invitation_changelist"),
        reverse("admin:talent_invitation_change", args=[invitation.pk]),
    ):
        response = editor_client.get(url)
        assert response.status_code == 403, url
        assert "This page is not open to your role" in response.text
        assert "Amina" not in response.text
    autocomplete = reverse("admin:autocomplete")
    response = editor_client.get(
        autocomplete,
        {"app_label": "talent", "model_name": "invitation", "field_name": "profile", "term": "Am"},
    )
    assert response.status_code in (403, 404)  # Django's refusal: no such autocomplete
    assert "Amina" not in response.text
    index = editor_client.get(reverse("admin:index")).text
    assert "Talent pool" not in index and "Expert profiles" not in index
    assert "/admin/talent/" not in index


def test_profiles_are_never_offered_by_autocomplete(officer_client, amina):
    response = officer_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "talent", "model_name": "invitation", "field_name": "profile", "term": "Am"},
    )
    assert response.status_code in (403, 404)
    assert "Amina" not in response.text


def test_password_only_staff_are_sent_to_the_login(client, programme_officer, amina, settings):
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(programme_officer)
    for url in (
        SEARCH,
        change_url(amina),
        reverse("admin:talent_expertprofile_cv", args=[amina.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))


def test_superuser_may_search(admin_client, amina):
    assert "Amina Uwase" in admin_client.get(SEARCH).text


def test_dashboard_panel_counts_the_pool_for_officers(officer_client, amina):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    ExpertProfileFactory(paused_until=timezone.localdate() + timedelta(days=30))
    ExpertProfileFactory(reminder_sent_at=now, confirmed_at=now - timedelta(days=370))
    html = officer_client.get(reverse("admin:index")).text
    assert "3 expert profiles" in html
    assert "2 available now" in html
    assert "1 paused" in html
    assert "1 awaiting confirmation" in html
    assert f'href="{SEARCH}?availability=now"' in html


def test_invitations_are_listed_read_only_for_officers(officer_client, amina):
    invitation = InvitationFactory(profile=amina)
    html = officer_client.get(reverse("admin:talent_invitation_changelist")).text
    assert "Amina Uwase" in html
    # Each cell has its label for a phone, where the rows become blocks.
    assert '<span class="cell-label" aria-hidden="true">Status</span>' in html
    assert "portal/admin/talent_matching.css" in html
    assert officer_client.get(reverse("admin:talent_invitation_add")).status_code == 403
    change = officer_client.get(reverse("admin:talent_invitation_change", args=[invitation.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.text


def test_profile_page_reads_its_availability(officer_client):
    started = ExpertProfileFactory(available_from=timezone.localdate() - timedelta(days=9))
    assert "Available now" in officer_client.get(change_url(started)).text
    later = ExpertProfileFactory(available_from=timezone.localdate() + timedelta(days=9))
    html = officer_client.get(change_url(later)).text
    assert "Available from " in html and "Not available until" not in html


def test_the_filters_can_be_applied_from_the_top_of_their_column(officer_client, amina):
    html = officer_client.get(reverse("admin:talent_expertprofile_changelist")).text
    facets = html[html.index('id="pool-facets"') :]
    assert facets.count('value="Apply the filters"') == 2
    assert facets.index('value="Apply the filters"') < facets.index('class="pool-facet"')
