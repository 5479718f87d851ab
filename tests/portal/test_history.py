"""History: every change of content and personal data, who made it, viewable and revertible."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Subscriber
from portal.core.history import HISTORY_MODELS, history_forget, history_prune
from portal.core.models import Page
from tests.newsletter.factories import SubscriberFactory
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_an_editors_change_appears_in_the_history_with_who_and_what(admin_client, admin_user):
    page = PageFactory(title_en="Before")
    url = reverse("admin:portal_page_change", args=[page.pk])
    data = {
        "title_en": "After",
        "title_fr": page.title_fr,
        "slug_en": page.slug_en,
        "slug_fr": page.slug_fr,
        "summary_en": "",
        "summary_fr": "",
        "body_en": page.body_en,
        "body_fr": page.body_fr,
        "key": "",
        "version": "",
        "is_published": "on",
        "publish_at_0": "",
        "publish_at_1": "",
    }
    assert admin_client.post(url, data).status_code == 302
    record = page.history.first()
    assert record.history_user == admin_user
    assert record.title_en == "After"
    assert record.prev_record.title_en == "Before"

    html = admin_client.get(reverse("admin:portal_page_history", args=[page.pk])).text
    assert "After" in html
    assert admin_user.username in html
    assert "title [en]:</strong>" in html.lower()  # the changed field, by its label
    assert "translation_hashes" not in html  # bookkeeping is not history


def test_staff_revert_to_an_earlier_version_from_the_admin(admin_client):
    page = PageFactory(title_en="Original")
    page.title_en = "Mistake"
    page.save()
    original = page.history.order_by("history_date").first()
    url = reverse("admin:portal_page_simple_history", args=[page.pk, original.history_id])
    form = admin_client.get(url)
    assert form.status_code == 200
    assert "Original" in form.text
    data = {
        "title_en": "Original",
        "title_fr": page.title_fr,
        "slug_en": page.slug_en,
        "slug_fr": page.slug_fr,
        "summary_en": "",
        "summary_fr": "",
        "body_en": page.body_en,
        "body_fr": page.body_fr,
        "key": "",
        "version": "",
        "is_published": "on",
        "publish_at_0": "",
        "publish_at_1": "",
    }
    assert admin_client.post(url, data).status_code == 302
    page.refresh_from_db()
    assert page.title_en == "Original"
    assert page.history.count() == 3


def test_every_content_and_personal_data_model_has_a_history():
    from django.apps import apps

    from members.models import SignInLink
    from portal.core import privacy
    from portal.core.i18n import translated_fields
    from talent.models import ProfileCountry, ProfileLanguage, ProfileSummary

    content = {m for m in apps.get_models() if translated_fields(m)}
    assert content <= set(HISTORY_MODELS)
    personal_data = {entry.model for entry in privacy.registry().values()}
    assert Subscriber in personal_data
    # A sign-in link is made, used once within minutes and purged the next day: never
    # changed in a way worth a history, which would only keep its address longer.
    # A profile's countries, languages and summaries are replaced as a whole on each save of
    # the profile (talent/services/profiles.py), whose history records every save.
    profile_rows = {ProfileCountry, ProfileLanguage, ProfileSummary}
    assert personal_data - {SignInLink} - profile_rows <= set(HISTORY_MODELS)


def test_history_prune_removes_old_personal_data_versions_only():
    subscriber = SubscriberFactory()
    old = subscriber.history.get()
    old.history_date = timezone.now() - timedelta(days=400)
    old.save()
    subscriber.language = "fr"
    subscriber.save()
    assert history_prune(Subscriber, before=timezone.now() - timedelta(days=365)) == 1
    assert [r.language for r in subscriber.history.all()] == ["fr"]


def test_history_forget_erases_one_persons_history():
    keep, forget = SubscriberFactory(), SubscriberFactory()
    assert history_forget(forget) == 1
    assert not forget.history.exists()
    assert keep.history.exists()
    assert Page.history.model.objects.count() == 0


def test_subscriber_history_is_viewable_in_the_admin_in_french(admin_client):
    subscriber = SubscriberFactory(email="amina@example.org")
    subscriber.language = "fr"
    subscriber.save()
    response = admin_client.get(
        reverse("admin:newsletter_subscriber_history", args=[subscriber.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    assert "Historique des changements" in response.text
    assert '<th scope="col">Modifications</th>' in response.text
    assert "Modifié par" in response.text or "Changé par" in response.text
    assert (
        reverse(
            "admin:newsletter_subscriber_simple_history",
            args=[subscriber.pk, subscriber.history.first().history_id],
        )
        in response.text
    )
