import pytest
from django.urls import reverse

from portal.core.models import SiteSettings
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_page_list_marks_a_missing_french_translation(admin_client):
    PageFactory(title_en="Half done", title_fr="", body_fr="", slug_fr=None)
    html = admin_client.get(reverse("admin:portal_page_changelist")).text
    assert (
        '<span class="translation-missing" title="missing">FR ✗'
        '<span class="visually-hidden"> missing</span></span>'
    ) in html
    assert (
        '<span class="translation-complete" title="complete">EN ✓'
        '<span class="visually-hidden"> complete</span></span>'
    ) in html


def test_translation_missing_filter_lists_only_incomplete_pages(admin_client):
    PageFactory(title_en="Half done", title_fr="", slug_fr=None)
    PageFactory(title_en="All done")
    url = reverse("admin:portal_page_changelist")
    html = admin_client.get(url, {"translation": "missing-fr"}).text
    assert "Half done" in html
    assert "All done" not in html
    html = admin_client.get(url, {"translation": "complete"}).text
    assert "All done" in html
    assert "Half done" not in html


def test_page_change_form_has_language_tabs_and_no_cdn(admin_client):
    page = PageFactory()
    html = admin_client.get(reverse("admin:portal_page_change", args=[page.pk])).text
    assert "tabbed_translation_fields.js" in html
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html


def test_site_settings_list_opens_the_single_settings_row(admin_client):
    response = admin_client.get(reverse("admin:portal_sitesettings_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:portal_sitesettings_change", args=[1])
    assert SiteSettings.objects.count() == 1


def test_site_settings_cannot_be_added_twice_or_deleted(admin_client, admin_user, rf):
    from django.contrib.admin.sites import site

    SiteSettings.load()
    model_admin = site._registry[SiteSettings]
    request = rf.get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request)
