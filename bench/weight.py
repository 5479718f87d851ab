"""Benchmark: what each page type weighs on a phone, the site served as deployed.

Each page is loaded once at 390 px wide (device pixel ratio 2, touch, an empty cache) in
Chromium, as a visitor's first load: the page, its styles, scripts, fonts and the images the
browser fetches without scrolling (lazy images below the fold are not fetched). Printed per
page: the compressed bytes of HTML+CSS+JS, the bytes of everything transferred including
images, and the number of requests. The issue's budget is for the home page (HTML+CSS+JS
at most 32 KB compressed, everything under 150 KB); every page is shown against it.

Bytes are response bodies as sent on the wire. A text response sent without compression
(gunicorn does not compress HTML; in production the reverse proxy may) is counted at its
gzip size, marked "*", so the figure is what a compressing proxy sends.

A measurement, not a test: it prints figures and exits 0 unless it could not run.

    .venv/bin/python bench/weight.py [--languages en,fr]
"""

import argparse
import contextlib
import gzip
from dataclasses import dataclass, field

from deployed_site import CHROMIUM, CHROMIUM_ARGS, deployed_site, print_skipped, say
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

KB = 1024
BUDGET_CODE = 32 * KB  # HTML+CSS+JS, compressed
BUDGET_TOTAL = 150 * KB  # everything, images included
CODE_TYPES = {"document", "stylesheet", "script"}
TEXT_MIME = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass
class Weight:
    code: int = 0  # HTML+CSS+JS, compressed
    total: int = 0  # every response body
    requests: int = 0
    estimated: bool = False  # some text counted at its gzip size
    by_type: dict[str, int] = field(default_factory=dict)


def body_bytes(request) -> tuple[int, bool]:
    """Bytes of the response body as sent, or its gzip size if text was sent uncompressed."""
    response = request.response()
    if response is None:
        return 0, False
    headers = response.headers
    sent = request.sizes()["responseBodySize"]
    mime = headers.get("content-type", "")
    if not headers.get("content-encoding") and mime.startswith(TEXT_MIME):
        try:
            return len(gzip.compress(response.body(), 6)), True
        except Exception:  # a body Chromium no longer holds (a redirect)
            return sent, False
    return sent, False


def measure(browser, url: str) -> Weight:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    # A page that keeps a connection busy: what arrived within 5 s counts.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=5000)
    weight = Weight()
    for request in finished:
        size, estimated = body_bytes(request)
        weight.requests += 1
        weight.total += size
        weight.by_type[request.resource_type] = weight.by_type.get(request.resource_type, 0) + size
        if request.resource_type in CODE_TYPES:
            weight.code += size
            weight.estimated |= estimated
    context.close()
    return weight


def verdict(value: int, budget: int) -> str:
    return "PASS" if value <= budget else "OVER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="", help="comma-separated codes (default: all)")
    args = parser.parse_args()
    with deployed_site() as site, sync_playwright() as playwright:
        languages = [code for code in args.languages.split(",") if code] or list(site.pages)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        say("loading each page type at 390 px")
        print(
            f"\n{'page':<20} {'lang':<4} {'HTML+CSS+JS':>11} {'≤32 KB':<6} "
            f"{'total':>9} {'<150 KB':<7} {'requests':>8}  images  path"
        )
        for language in languages:
            for name, path in site.urls(language):
                if name.endswith("(staff)"):
                    continue
                weight = measure(browser, site.base_url + path)
                mark = "*" if weight.estimated else " "
                images = weight.by_type.get("image", 0)
                print(
                    f"{name:<20} {language:<4} {weight.code / KB:>9.1f}{mark}KB "
                    f"{verdict(weight.code, BUDGET_CODE):<6} {weight.total / KB:>7.1f}KB "
                    f"{verdict(weight.total, BUDGET_TOTAL - 1):<7} {weight.requests:>8} "
                    f"{images / KB:>5.1f}KB {path}",
                    flush=True,
                )
        browser.close()
        print("\n* HTML sent uncompressed by gunicorn, counted at its gzip size (level 6).")
        print("Budget (issue 14): home <= 32 KB HTML+CSS+JS compressed, < 150 KB in all.")
        print_skipped(site)


if __name__ == "__main__":
    main()
