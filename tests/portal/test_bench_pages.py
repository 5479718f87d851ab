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

# bench/ holds scripts, not a package: the module is loaded from its file.
_spec = importlib.util.spec_from_file_location(
    "deployed_site", Path(settings.BASE_DIR) / "bench" / "deployed_site.py"
)
deployed_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(deployed_site)

# Page types that other work adds later are reported as skipped until then.
NOT_YET = {"contact", "style guide (staff)"}


@pytest.mark.django_db
def test_every_page_type_has_a_url_that_answers_in_every_language(client, capsys):
    call_command("load_demo", stdout=StringIO())
    capsys.readouterr()
    call_command("shell", "-c", deployed_site.URLS_SCRIPT)
    found = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(found["pages"]) == {code for code, _name in settings.LANGUAGES}
    for language, pages in found["pages"].items():
        missing = {name: why for name, why in pages.items() if not why.startswith("/")}
        assert set(missing) <= NOT_YET, missing
        for name, path in pages.items():
            if path.startswith("/"):
                expected = 404 if name == "404" else 200
                assert client.get(path).status_code == expected, (language, name, path)
    assert found["staff_session"]
