"""Each language's catalogue is complete, current with the code, and loads (French is the
one language beside the source one today; another in LANGUAGES is checked the same way)."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

SOURCE_DIRS = ["portal", "projects", "events", "newsletter", "registrations", "templates"]
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.fixture(params=TRANSLATED)
def fresh_catalogue(tmp_path, request):
    """Run makemessages on the code into a copy of the catalogue, leaving the real one alone."""
    root = Path(settings.BASE_DIR)
    shutil.copytree(root / "locale", tmp_path / "locale")
    for name in SOURCE_DIRS:
        (tmp_path / name).symlink_to(root / name)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
            call_command(
                "makemessages",
                locale=[request.param],
                symlinks=True,
                no_location=True,
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    return polib.pofile(str(tmp_path / f"locale/{request.param}/LC_MESSAGES/django.po"))


def test_every_ui_string_in_the_code_has_a_translation(fresh_catalogue):
    untranslated = [e.msgid for e in fresh_catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in fresh_catalogue.fuzzy_entries()]
    assert untranslated == [], f"Run `make messages` and translate: {untranslated}"
    assert fuzzy == [], f"Review these fuzzy translations: {fuzzy}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_committed_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    path = Path(settings.BASE_DIR) / f"locale/{language}/LC_MESSAGES/django.po"
    po = polib.pofile(str(path))
    assert po.percent_translated() == 100
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Events", "Événements"),
        ("Skip to main content", "Aller au contenu principal"),
        ("events/", "evenements/"),
        ("Privacy notice", "Politique de confidentialité"),
    ],
)
def test_french_strings_load_from_the_compiled_catalogue(english, french):
    with translation.override("fr"):
        assert translation.gettext(english) == french


def test_french_puts_a_narrow_no_break_space_before_double_punctuation():
    """French typography: "Statut : …" with U+202F, so the colon never starts a line."""
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale/fr/LC_MESSAGES/django.po"))
    plain_space = re.compile(r"(?<=\S) [:;?!](?=\s|$)")
    texts = [e.msgstr for e in po] + [v for e in po for v in e.msgstr_plural.values()]
    assert [text for text in texts if plain_space.search(text)] == []
