"""Browser tests: Debian's Chromium driven by Playwright for Python (no browser download).

Without Chromium the tests are skipped with a message saying how to install it; with
REQUIRE_BROWSER_TESTS=1 (set by .ci/run) a missing browser is a failure instead.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the ORM calls that the tests
# make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(settings.BASE_DIR) / "node_modules/axe-core/axe.min.js"
REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"{reason} (REQUIRE_BROWSER_TESTS=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-gpu",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class PageWatcher:
    """Collects console errors and requests that leave the site under test."""

    def __init__(self, page, base_url: str):
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        host = urlsplit(base_url).netloc
        page.on(
            "console",
            lambda msg: msg.type == "error" and self.console_errors.append(msg.text),
        )
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        page.on(
            "request",
            lambda req: (
                urlsplit(req.url).scheme in ("http", "https")
                and urlsplit(req.url).netloc != host
                and self.foreign_requests.append(req.url)
            ),
        )


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.watcher = PageWatcher(page, live_server.url)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        _unavailable("axe-core is not installed: run `npm ci` (make test does it)")
    return AXE_JS.read_text()


@pytest.fixture
def run_axe(axe_source):
    def run(page) -> list[dict]:
        """Every WCAG 2.1 AA and best-practice violation on the page, whatever its impact."""
        page.evaluate(axe_source)
        result = page.evaluate(
            """() => axe.run(document, {
                runOnly: {type: 'tag',
                          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                resultTypes: ['violations'],
            })"""
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
        ]

    return run
