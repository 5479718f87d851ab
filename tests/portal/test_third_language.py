"""Adding a language is settings plus a catalogue: the site crawled in Arabic (right to left).

The Arabic suite (tests/third_language, not collected by the normal run: see norecursedirs
in pyproject.toml) needs a database with `_ar` columns, which no migration creates, and
settings read at start-up (modeltranslation, URL patterns); so it runs in its own pytest
process, with tests.settings_third_language and migrations disabled.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMMAND = [
    *(sys.executable, "-m", "pytest", "tests/third_language", "-q", "-p", "no:cacheprovider"),
    *("--ds=tests.settings_third_language", "--nomigrations"),
]


def test_the_site_works_in_a_third_right_to_left_language():
    catalogue = ROOT / "tests" / "third_language" / "locale" / "ar" / "LC_MESSAGES" / "django.mo"
    assert catalogue.exists(), "compile the catalogues first: manage.py compilemessages"
    env = {**os.environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        COMMAND,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed and int(passed.group(1)) >= 10, result.stdout[-2000:]
    assert " failed" not in result.stdout and " error" not in result.stdout
