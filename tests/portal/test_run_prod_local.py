"""`make run-prod-local` (README, "Production settings on your machine"): the site under
gunicorn with DJANGO_DEBUG=0 and collected static files answers its pages and its hashed
static files, so nobody meets "Missing staticfiles manifest entry"."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.processes import free_port


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status, response.read().decode(errors="replace")


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_prod_local_serves_pages_and_collected_static_files(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PAGE_CACHE_DIR": str(tmp_path / "pages"),
        "REDIS_URL": "",
        "TMPDIR": str(tmp_path),  # where the recipe's mktemp puts the collected files
    }
    env.pop("SITE_URL", None)
    log = (tmp_path / "out.log").open("w")
    server = subprocess.Popen(
        # -o: the virtualenv in use is taken as installed (the tests run inside it).
        ["make", "-s", "-o", ".venv/.installed", "run-prod-local", f"PORT={port}",
         f"PY={sys.executable}"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                status, home = get(f"{base}/en/")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "out.log").read_text()
                assert time.monotonic() < deadline, "gunicorn never answered"
                time.sleep(1)
        assert status == 200
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home)
        assert stylesheet, "no hashed stylesheet link in the home page"
        assert get(base + stylesheet.group(1))[0] == 200
        assert get(f"{base}/fr/")[0] == 200
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(30)
    output = (tmp_path / "out.log").read_text()
    assert "Missing staticfiles manifest entry" not in output
    # The collected files went into a temporary folder, removed on Ctrl-C.
    assert not [p for p in tmp_path.iterdir() if p.is_dir() and p.name.startswith("tmp.")]
