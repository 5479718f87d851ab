import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.roles import EDITORS, PROGRAMME_OFFICERS
from tests.portal.factories import STAFF_PASSWORD
from tests.registrations.test_review import make_application

pytestmark = pytest.mark.django_db


def test_migrate_creates_both_groups_and_the_command_restores_them():
    Group.objects.filter(name=EDITORS).first().permissions.clear()
    call_command("setup_roles", verbosity=0)
    editors = Group.objects.get(name=EDITORS)
    assert editors.permissions.filter(codename="change_project").exists()
    assert Group.objects.filter(name=PROGRAMME_OFFICERS).exists()


def test_an_editor_edits_content_but_cannot_see_any_personal_data(client, editor):
    application = make_application()
    client.force_login(editor)
    assert client.get(reverse("admin:projects_project_changelist")).status_code == 200
    assert client.get(reverse("admin:newsletter_issue_changelist")).status_code == 200
    for name in (
        "registrations_application_changelist", "registrations_interest_changelist",
        "registrations_registration_changelist", "newsletter_subscriber_changelist",
        "portal_personaldatarequest_add",
    ):  # fmt: skip
        assert client.get(reverse(f"admin:{name}")).status_code == 403, name
    change = reverse("admin:registrations_application_change", args=[application.pk])
    assert client.get(change).status_code == 403
    cv = reverse("admin:registrations_application_cv", args=[application.pk])
    assert client.get(cv).status_code == 403
    index = client.get(reverse("admin:index")).text
    assert "Applications" not in index and "Projects" in index


def test_a_programme_officer_reviews_applications_and_downloads_cvs(client, programme_officer):
    application = make_application()
    client.force_login(programme_officer)
    assert client.get(reverse("admin:registrations_application_changelist")).status_code == 200
    cv = reverse("admin:registrations_application_cv", args=[application.pk])
    assert client.get(cv).status_code == 200
    assert client.get(reverse("admin:projects_project_changelist")).status_code == 200
    project_add = reverse("admin:projects_project_add")
    assert client.get(project_add).status_code == 403  # reads content, does not write it


def test_the_public_cannot_learn_that_a_cv_exists(client):
    application = make_application()
    cv = reverse("admin:registrations_application_cv", args=[application.pk])
    assert client.get(cv).status_code == 404
    assert client.get(cv.replace(str(application.pk), "999999")).status_code == 404


def test_staff_fixtures_have_their_role_and_the_staff_password(
    editor, programme_officer, staff_without_role, superuser, superuser_with_second_factor
):
    assert [g.name for g in editor.groups.all()] == [EDITORS]
    assert [g.name for g in programme_officer.groups.all()] == [PROGRAMME_OFFICERS]
    assert not staff_without_role.groups.exists() and not staff_without_role.is_superuser
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert TOTPDevice.objects.get(user=superuser_with_second_factor).confirmed
    for user in (editor, programme_officer, staff_without_role, superuser):
        assert user.is_staff and user.check_password(STAFF_PASSWORD)
