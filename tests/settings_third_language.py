"""The test settings with a third, right-to-left language: Arabic.

Adding a language is settings plus a catalogue, no code change; tests/third_language proves
it by crawling the site in Arabic. The database needs the `_ar` columns that no migration
creates, so that suite runs in its own pytest process with migrations disabled (see
tests/portal/test_third_language.py). tests/third_language/locale holds a small test
catalogue (not in locale/, so the site never ships it).
"""

from django.utils.translation import gettext_lazy as _

from tests.settings import *  # noqa: F403

LANGUAGES = [*LANGUAGES, ("ar", _("Arabic"))]  # noqa: F405
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
LOCALE_PATHS = [*LOCALE_PATHS, BASE_DIR / "tests" / "third_language" / "locale"]  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Beside the main suite's test database (this suite runs while that one is open).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_third_language"  # noqa: F405
    }
