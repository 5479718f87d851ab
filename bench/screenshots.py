"""Screenshots of every page type at 390 and 1280 px wide (full page), in each language,
the site served as deployed with the demo content (bench/deployed_site.py), into
bench/out/screenshots/ (not in git): `<language>-<width>-<page type>.png`. The staff-only
style guide is photographed signed in as a staff member. A page type whose URL does not
exist yet is left out with a note.

    .venv/bin/python bench/screenshots.py [--languages en,fr] [--out DIR]
"""

import argparse
import re
import shutil
from pathlib import Path

from deployed_site import CHROMIUM, CHROMIUM_ARGS, ROOT, deployed_site, print_skipped, say
from playwright.sync_api import sync_playwright

WIDTHS = (390, 1280)
HEIGHTS = {390: 844, 1280: 800}
SCROLL_THROUGH = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {
        scrollTo(0, y);
        await new Promise((done) => setTimeout(done, 60));
    }
    scrollTo(0, 0);
}"""


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="", help="comma-separated codes (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "screenshots")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    with deployed_site() as site, sync_playwright() as playwright:
        languages = [code for code in args.languages.split(",") if code] or list(site.pages)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        count = 0
        for width in WIDTHS:
            say(f"screenshots at {width} px")
            for language in languages:
                for name, path in site.urls(language):
                    # Public pages as a visitor sees them; the style guide signed in as staff.
                    context = browser.new_context(
                        viewport={"width": width, "height": HEIGHTS[width]},
                        is_mobile=width < 600,
                        has_touch=width < 600,
                    )
                    if name.endswith("(staff)"):
                        cookie = {"name": site.session_cookie, "value": site.staff_session}
                        context.add_cookies([{**cookie, "url": site.base_url}])
                    page = context.new_page()
                    page.goto(site.base_url + path, wait_until="load")
                    # Lazy images below the fold: scroll through so that they load.
                    page.evaluate(SCROLL_THROUGH)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(
                        path=args.out / f"{language}-{width}-{slug(name)}.png", full_page=True
                    )
                    count += 1
                    context.close()
        browser.close()
        print_skipped(site)
    print(f"\n{count} screenshots in {args.out}")


if __name__ == "__main__":
    main()
