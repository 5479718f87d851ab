"""Preview shows what is in the change form, saved or not, and saves nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.core import preview
from portal.core.models import Page
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


def preview_url(obj, language: str) -> str:
    with translation.override(language):
        return preview.preview_url(obj)


def page_form(page, **changes) -> dict:
    data = {
        "title_en": page.title_en, "title_fr": page.title_fr, "slug_en": page.slug_en,
        "slug_fr": page.slug_fr, "summary_en": "", "summary_fr": "", "body_en": page.body_en,
        "body_fr": page.body_fr, "key": "", "version": "", "is_published": "",
        "publish_at_0": "", "publish_at_1": "",
    }  # fmt: skip
    return {**data, **changes}


def test_change_form_offers_to_preview_the_form_in_each_language(admin_client):
    page = PageFactory(is_published=False)
    html = admin_client.get(reverse("admin:portal_page_change", args=[page.pk])).text
    for code in ("en", "fr"):
        assert f'formaction="{preview_url(page, code)}" formtarget="_blank"' in html
    assert "Preview the form in French" in html


def test_preview_of_the_form_shows_unsaved_edits_and_saves_nothing(admin_client):
    page = PageFactory(is_published=False, title_fr="Titre enregistré")
    data = page_form(page, title_fr="Titre pas encore enregistré", body_fr="<p>Nouveau texte</p>")
    response = admin_client.post(preview_url(page, "fr"), data)
    assert response.status_code == 200
    html = response.text
    assert "Titre pas encore enregistré" in html and "Nouveau texte" in html
    assert "Titre enregistré" not in html
    assert "Cet aperçu montre les valeurs du formulaire, pas encore enregistrées" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Page.objects.get(pk=page.pk).title_fr == "Titre enregistré"
    assert page.history.count() == 1  # no version recorded either


def test_preview_of_an_invalid_form_says_what_to_correct(admin_client):
    page = PageFactory(is_published=False)
    response = admin_client.post(preview_url(page, "en"), page_form(page, title_en=""))
    assert response.status_code == 400
    assert "The form has errors" in response.text
    assert Page.objects.get(pk=page.pk).title_en == page.title_en


def test_form_preview_is_refused_to_staff_who_may_only_view(client, programme_officer):
    page = PageFactory(is_published=False, title_en="Saved")
    client.force_login(programme_officer)
    assert client.get(preview_url(page, "en")).status_code in (200, 404)
    response = client.post(preview_url(page, "en"), page_form(page, title_en="Injected"))
    assert response.status_code == 404
    assert "Injected" not in response.text


def test_form_preview_needs_the_csrf_token(admin_user):
    page = PageFactory(is_published=False)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    assert strict.post(preview_url(page, "en"), page_form(page)).status_code == 403
