"""A French-speaking staff member reads the whole admin in French."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_browser_language_french_gives_the_admin_in_french(admin_client):
    page = PageFactory()
    page.body_en = "<p>Changed</p>"
    page.save()
    html = admin_client.get(reverse("admin:portal_page_changelist"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert '<html lang="fr"' in html
    assert "Portail de la diaspora – administration" in html  # our site header (settings)
    assert "Sélectionnez l’objet page à changer" in html or "page à modifier" in html  # Django
    assert "Traductions" in html  # our column
    assert "À mettre à jour" in html  # our filter
    assert "Marquer les traductions des éléments sélectionnés comme à jour" in html  # action
    assert "à mettre à jour" in html  # the state in the column


def test_change_form_in_french_translates_labels_help_texts_and_preview_links(admin_client):
    page = PageFactory()
    html = admin_client.get(
        reverse("admin:portal_page_change", args=[page.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).text
    assert "publier en anglais seulement" in html.lower()
    assert "Laissez vide pour publier tout de suite" in html  # help text
    assert "Aperçu en français" in html
    assert "État des traductions" in html
    assert "Mise en forme du texte" in html  # the editor's toolbar


def test_staff_choose_french_with_the_language_switch(admin_client):
    html = admin_client.get(reverse("admin:index")).text
    assert 'action="/i18n/setlang/"' in html
    response = admin_client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("admin:index")}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    html = admin_client.get(reverse("admin:index")).text
    assert "Ce qui demande votre attention" in html
    assert "Traductions à faire" in html


def test_messages_after_an_action_are_in_french(admin_client):
    page = PageFactory()
    response = admin_client.post(
        reverse("admin:portal_page_changelist"),
        {"action": "mark_translations_up_to_date", "_selected_action": [page.pk]},
        HTTP_ACCEPT_LANGUAGE="fr",
        follow=True,
    )
    assert "1 élément marqué comme traduit du texte anglais actuel." in response.text


def test_refusal_to_publish_is_explained_in_french(admin_client):
    response = admin_client.post(
        reverse("admin:portal_page_add"),
        {
            "title_en": "Who we are",
            "slug_en": "who-we-are",
            "body_en": "<p>About us</p>",
            "is_published": "on",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert "ne peut pas être publié : le texte en français manque" in response.text
