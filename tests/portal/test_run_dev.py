"""`make run PORT=N` (bin/run_dev.py): emailed links point at port N (DESIGN.md contract)."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from django.conf import settings

from tests.processes import free_port


def test_emailed_links_point_at_the_port_make_run_serves(tmp_path):
    port = free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("SITE_URL", "DATABASE_URL", "EMAIL_URL")
        },
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PAGE_CACHE_DIR": str(tmp_path / "pages"),
        "REDIS_URL": "",
    }
    base = Path(settings.BASE_DIR)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=base, env=env, check=True)
    log = (tmp_path / "out.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "bin/run_dev.py", "--port", str(port)],
        cwd=base,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        url = f"http://127.0.0.1:{port}/en/news/subscribe/"
        deadline = time.monotonic() + 60
        while True:
            try:
                form = opener.open(url, timeout=5).read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline, "the development server never answered"
                time.sleep(0.5)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = {
            "csrfmiddlewaretoken": token,
            "email": "amina@example.org",
            "language": "en",
            "consent": "on",
        }
        request = urllib.request.Request(url, urllib.parse.urlencode(data).encode())
        request.add_header("Referer", url)
        opener.open(request, timeout=10)
        deadline = time.monotonic() + 60
        while "/subscription/confirm/" not in (tmp_path / "out.log").read_text():
            assert time.monotonic() < deadline, "no confirmation email was printed"
            time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    out = (tmp_path / "out.log").read_text()
    links = re.findall(r"http://127\.0\.0\.1:(\d+)/\S*/confirm/", out)
    assert links and set(links) == {str(port)}
    # The development console backend (no EMAIL_URL): readable, links listed.
    assert "To: amina@example.org" in out
    assert "\nLinks:\n  http://127.0.0.1:" in out
