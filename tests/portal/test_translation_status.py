"""Translation status: complete, missing or out of date, per language, from stored hashes."""

import json

import pytest
from django.urls import reverse

from newsletter.models import Article
from portal.core.i18n import TranslationState
from portal.core.models import Page
from projects.models import Country
from tests.newsletter.factories import ArticleFactory
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_out_of_date_appears_after_changing_english_and_clears_after_saving_french():
    page = PageFactory()
    assert page.translation_states() == {"en": "complete", "fr": "complete"}

    page.body_en = "<p>The English text, rewritten.</p>"
    page.save()
    page.refresh_from_db()
    assert page.translation_states()["fr"] == TranslationState.OUTDATED
    assert page.translation_pending_since is not None

    page.body_fr = "<p>Le texte français, mis à jour.</p>"
    page.save()
    page.refresh_from_db()
    assert page.translation_states()["fr"] == TranslationState.COMPLETE
    assert page.translation_pending_since is None


def test_saving_without_changing_the_english_text_keeps_the_french_up_to_date():
    page = PageFactory()
    page.save()
    page.slug_en = "a-new-address"  # an address is not text to translate
    page.save()
    page.refresh_from_db()
    assert page.translation_states()["fr"] == TranslationState.COMPLETE


def test_an_empty_french_text_is_missing_not_out_of_date():
    page = PageFactory(title_fr="", body_fr="", slug_fr=None)
    page.body_en = "<p>Changed</p>"
    page.save()
    assert page.translation_states()["fr"] == TranslationState.MISSING


def test_out_of_date_follows_edits_through_the_admin(admin_client):
    page = PageFactory()
    url = reverse("admin:portal_page_change", args=[page.pk])
    data = {
        "title_en": page.title_en,
        "title_fr": page.title_fr,
        "slug_en": page.slug_en,
        "slug_fr": page.slug_fr,
        "summary_en": "",
        "summary_fr": "",
        "body_en": "<p>New English</p>",
        "body_fr": page.body_fr,
        "key": "",
        "version": "",
        "is_published": "on",
        "publish_at_0": "",
        "publish_at_1": "",
    }
    changelist = reverse("admin:portal_page_changelist")

    def listed(state: str) -> list[Page]:
        return list(admin_client.get(changelist, {"translation": state}).context["cl"].result_list)

    assert admin_client.post(url, data).status_code == 302
    assert listed("outdated-fr") == [page]

    data["body_fr"] = "<p>Nouveau français</p>"
    assert admin_client.post(url, data).status_code == 302
    assert listed("outdated-fr") == []
    assert listed("complete") == [page]


def test_list_filters_separate_missing_out_of_date_and_complete(admin_client):
    complete = PageFactory(title_en="All done")
    missing = PageFactory(title_en="Half done", title_fr="", body_fr="", slug_fr=None)
    outdated = PageFactory(title_en="Stale")
    outdated.body_en = "<p>Changed</p>"
    outdated.save()
    url = reverse("admin:portal_page_changelist")

    def titles(state: str) -> set[str]:
        html = admin_client.get(url, {"translation": state}).text
        return {p.title_en for p in (complete, missing, outdated) if p.title_en in html}

    assert titles("missing-fr") == {"Half done"}
    assert titles("outdated-fr") == {"Stale"}
    assert titles("outdated") == {"Stale"}
    assert titles("complete") == {"All done"}
    assert titles("needed") == {"Half done", "Stale"}
    column = admin_client.get(url).text
    assert "FR ⚠" in column


def test_change_form_marks_incomplete_language_tabs(admin_client):
    page = PageFactory(summary_fr="")
    page.body_en = "<p>Changed</p>"
    page.save()
    html = admin_client.get(reverse("admin:portal_page_change", args=[page.pk])).text
    assert "translation_tabs.js" in html
    start = html.index('<script id="translation-field-states" type="application/json">')
    payload = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    states = json.loads(payload)["fields"]
    assert states["body_fr"] == "outdated"
    assert states["title_fr"] == "outdated"
    assert "body_en" not in states
    assert 'class="translation-outdated"' in html


def test_mark_up_to_date_action_clears_out_of_date(admin_client):
    page = PageFactory()
    page.body_en = "<p>Typo fixed</p>"
    page.save()
    admin_client.post(
        reverse("admin:portal_page_changelist"),
        {"action": "mark_translations_up_to_date", "_selected_action": [page.pk]},
    )
    page.refresh_from_db()
    assert page.translation_states()["fr"] == TranslationState.COMPLETE


def test_article_edited_inline_in_its_issue_is_tracked_too():
    article = ArticleFactory()
    Article.objects.get(pk=article.pk)
    article.body_en = "<p>Rewritten</p>"
    article.save()
    assert Article.objects.get(pk=article.pk).translation_states()["fr"] == "outdated"


def test_translation_page_lists_what_needs_work_oldest_first_with_links(admin_client):
    import time_machine

    with time_machine.travel("2026-01-01 10:00Z", tick=False):
        old = Country.objects.create(code="RW", name_en="Rwanda", name_fr="")
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        recent = PageFactory(title_en="Recent page")
        recent.body_en = "<p>Changed</p>"
        recent.save()
    PageFactory(title_en="Finished page")

    html = admin_client.get(reverse("translation-todo")).text
    assert "Finished page" not in html
    assert html.index("Rwanda") < html.index("Recent page")
    assert reverse("admin:projects_country_change", args=[old.pk]) in html
    assert reverse("admin:portal_page_change", args=[recent.pk]) in html


def test_translation_page_is_for_staff_only(client):
    response = client.get(reverse("translation-todo"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_every_content_model_tracks_its_translations():
    from django.apps import apps

    from portal.core.i18n import is_tracked, translated_fields

    untracked = [
        model._meta.label
        for model in apps.get_models()
        if translated_fields(model)
        and not is_tracked(model)
        # edited inline with their parent, whose status they do not change
        and model._meta.label not in {"projects.Target", "events.Session"}
        # written by visitors in any language, not from an English source: the moderation
        # page shows which translations exist (dialogue/admin/moderation.py)
        and model._meta.label != "dialogue.Question"
        # a message to a session's people, sent once and kept as a record: never translated
        # afterwards; the fallback is shown before sending (registrations/admin/messages.py)
        and model._meta.label != "registrations.SessionMessage"
    ]
    assert untracked == []
    assert is_tracked(Page)


def test_issue_change_form_marks_the_tabs_of_its_out_of_date_articles(admin_client):
    article = ArticleFactory()
    article.body_en = "<p>Rewritten</p>"
    article.save()
    html = admin_client.get(reverse("admin:newsletter_issue_change", args=[article.issue_id])).text
    start = html.index('<script id="translation-field-states" type="application/json">')
    payload = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    assert json.loads(payload)["fields"]["articles-0-body_fr"] == "outdated"


# Hashes must not depend on the process: hash seed, field order, Python version ------------

HASH_SCRIPT = """
import django
django.setup()
from newsletter.models import Article
from portal.core.i18n import text_hash
article = Article(title_en="Compétences", summary_en="Short", body_en="<p>Body</p>",
                  image_alt_en="A nurse", image_caption_en="Kigali")
print(text_hash(article, "en"))
"""


def unsaved_article() -> Article:
    return Article(
        title_en="Compétences",
        summary_en="Short",
        body_en="<p>Body</p>",
        image_alt_en="A nurse",
        image_caption_en="Kigali",
    )


def test_text_hash_is_the_same_in_every_process_whatever_the_hash_seed():
    """Another gunicorn worker, or the same one after a restart, has another hash seed: it
    must compute the same hash for the same text, or editing the English in one process
    does not mark the French out of date (and saving in another resets it)."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    from portal.core.i18n import text_hash

    here = text_hash(unsaved_article(), "en")
    for seed in ("0", "1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "DJANGO_SETTINGS_MODULE": "tests.settings"}
        result = subprocess.run(
            [sys.executable, "-c", HASH_SCRIPT],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == here, f"PYTHONHASHSEED={seed}"


def test_text_hash_is_a_fixed_function_of_the_text():
    """Pinned: a new Python version or a refactoring must not change stored hashes (which
    would mark every translation out of date, or none)."""
    from portal.core.i18n import text_hash

    # sha256 of the UTF-8 bytes of {"body":"<p>Body</p>","image_alt":"A nurse",
    # "image_caption":"Kigali","summary":"Short","title":"Compétences"} (no spaces)
    assert text_hash(unsaved_article(), "en") == "44e6a98fc24ea20692a1caaa2feba13f"


def old_way_hash(obj, language: str, fields: list[str]) -> str:
    """How hashes were made before: a JSON list of values in the process's field order."""
    import hashlib

    values = [getattr(obj, f"{name}_{language}") or "" for name in fields]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:32]


def store_old_way(page: Page, *, outdated: bool) -> None:
    order = ["summary", "body", "title"]  # what another process's hash seed gave
    english = old_way_hash(page, "en", order)
    french = {
        "text": old_way_hash(page, "fr", order),
        "source": "0" * 32 if outdated else english,  # outdated: the English has changed
    }
    Page.objects.filter(pk=page.pk).update(
        translation_hashes={"en": english, "fr": french},
        outdated_translations=",fr," if outdated else "",
    )
    page.refresh_from_db()


def run_data_migration(app: str) -> None:
    import importlib

    from django.apps import apps

    package = apps.get_app_config(app).name
    importlib.import_module(f"{package}.migrations.0004_stable_translation_hashes").rehash(
        apps, None
    )


def test_data_migration_keeps_translation_states_made_with_old_hashes():
    up_to_date, outdated = PageFactory(), PageFactory()
    store_old_way(up_to_date, outdated=False)
    store_old_way(outdated, outdated=True)

    run_data_migration("portal")

    outdated.refresh_from_db()
    outdated.save()  # nothing changed: still out of date
    assert outdated.translation_states()["fr"] == TranslationState.OUTDATED
    up_to_date.refresh_from_db()
    up_to_date.save()
    assert up_to_date.translation_states()["fr"] == TranslationState.COMPLETE
    up_to_date.body_en = "<p>The English, rewritten.</p>"
    up_to_date.save()
    assert up_to_date.translation_states()["fr"] == TranslationState.OUTDATED


def test_data_migrations_list_the_hashed_fields_of_every_tracked_model():
    import importlib

    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    from portal.core.i18n import hashed_fields, is_tracked

    # The hashed fields as the latest migration that lists them (HASHED_FIELDS, with a
    # rehash) left them: a migration that adds a translated field rehashes with it.
    frozen = {}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    for app in ("portal", "projects", "events", "newsletter", "registrations"):
        package = apps.get_app_config(app).name
        for _app, migration in graph.forwards_plan(graph.leaf_nodes(app)[0]):
            if _app != app:
                continue
            module = importlib.import_module(f"{package}.migrations.{migration}")
            for name, fields in getattr(module, "HASHED_FIELDS", {}).items():
                frozen[f"{app}.{name}"] = sorted(fields)
    tracked = {
        model._meta.label: sorted(hashed_fields(model))
        for model in apps.get_models()
        if is_tracked(model)
    }
    assert frozen == tracked
