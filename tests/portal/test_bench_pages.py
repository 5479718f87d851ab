"""The page benchmarks (bench/weight.py, bench/lighthouse_scores.py, bench/screenshots.py)
find one URL of each page type in the demo content, and each answers; a renamed URL shows
here rather than as a silently shorter benchmark."""

import importlib.util
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

# bench/ holds scripts, not a package: the module is loaded from its file.
_spec = importlib.util.spec_from_file_location(
    "deployed_site", Path(settings.BASE_DIR) / "bench" / "deployed_site.py"
)
deployed_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(deployed_site)

# Page types every demo has. The others depend on what the demo holds at the time (an open
# call of each kind, a session taking registrations) or on pages still to come (contact,
# the style guide): when missing, the benchmarks list them as skipped.
ALWAYS = {
    "home", "news list", "issue", "article", "projects list", "project", "country", "call",
    "events list", "event", "subscribe", "search", "about", "privacy", "404",
}  # fmt: skip


@pytest.mark.django_db
def test_every_page_type_has_a_url_that_answers_in_every_language(client, capsys):
    call_command("load_demo", stdout=StringIO())
    capsys.readouterr()
    call_command("shell", "-c", deployed_site.URLS_SCRIPT)
    found = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    # As the screenshots do: the staff session the script made, for the staff-only pages.
    staff = Client()
    staff.cookies[settings.SESSION_COOKIE_NAME] = found["staff_session"]
    assert set(found["pages"]) == {code for code, _name in settings.LANGUAGES}
    for language, pages in found["pages"].items():
        missing = {name: why for name, why in pages.items() if not why.startswith("/")}
        assert not set(missing) & ALWAYS, missing
        for name, path in pages.items():
            if path.startswith("/"):
                expected = 404 if name == "404" else 200
                assert staff.get(path).status_code == expected, (language, name, path)
                if name.endswith("(staff)"):
                    assert client.get(path).status_code == 302  # staff only
