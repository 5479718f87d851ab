"""Benchmark: Lighthouse performance and accessibility of every page type, in each
language, with the mobile preset (Lighthouse's default: a mid-range phone on a throttled
4G connection, simulated), the site served as deployed (bench/deployed_site.py).

Lighthouse is pinned in bench/lighthouse/package-lock.json (12.x: the last major that runs
on Node 20) and installed apart from the site's front-end packages by
`npm ci --prefix bench/lighthouse` (`make bench-lighthouse` does it). It drives Debian's
Chromium (CHROME_PATH, default /usr/bin/chromium) headless; no network access is needed.
Goals (issue 14): performance >= 95 and accessibility 100 on every page type.

A measurement, not a test: it prints the scores and exits 0 unless it could not run.

    .venv/bin/python bench/lighthouse_scores.py [--languages en,fr] [--pages home,event]
"""

import argparse
import json
import os
import shutil
import subprocess
from pathlib import Path

from deployed_site import CHROMIUM, CHROMIUM_ARGS, ROOT, deployed_site, print_skipped, say

CLI = ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
GOALS = {"performance": 95, "accessibility": 100}


def scores(url: str, out: Path) -> dict[str, int] | str:
    """{category: score} of one run, or why it failed. A run whose trace Chromium lost
    under load (NO_NAVSTART, NO_FCP) is tried again, twice at most."""
    why = "failed to run"
    for _attempt in range(3):
        out.unlink(missing_ok=True)
        subprocess.run(
            [
                "node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
                f"--only-categories={','.join(GOALS)}",
                f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            report = json.loads(out.read_text())
        except (OSError, ValueError):
            continue
        if error := report.get("runtimeError"):
            why = error.get("code", "error")
            continue
        return {key: round((report["categories"][key]["score"] or 0) * 100) for key in GOALS}
    return why


def failed_audits(out: Path, category: str) -> list[str]:
    """Ids of the audits that lost points in `category` of the last report."""
    report = json.loads(out.read_text())
    refs = report["categories"][category]["auditRefs"]
    return [
        ref["id"]
        for ref in refs
        if ref["weight"] and (report["audits"][ref["id"]].get("score") or 0) < 1
        and report["audits"][ref["id"]].get("scoreDisplayMode") not in ("notApplicable", "manual")
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="", help="comma-separated codes (default: all)")
    parser.add_argument("--pages", default="", help="comma-separated page types (default: all)")
    args = parser.parse_args()
    if not CLI.exists() or not shutil.which("node"):
        raise SystemExit("Lighthouse is not installed: npm ci --prefix bench/lighthouse")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (set CHROME_PATH)")
    wanted = {name.strip() for name in args.pages.split(",") if name.strip()}
    with deployed_site() as site:
        languages = [code for code in args.languages.split(",") if code] or list(site.pages)
        say("Lighthouse, mobile preset, on each page type")
        print(f"\n{'page':<20} {'lang':<4} {'perf':>5} {'a11y':>5}  below the goal  path")
        for language in languages:
            for name, path in site.urls(language):
                if name.endswith("(staff)") or (wanted and name not in wanted):
                    continue
                if name == "404":  # Lighthouse audits only pages that answer 200
                    print(f"{name:<20} {language:<4} {'not audited (status 404)':>25}")
                    continue
                out = site.tmp / f"lighthouse-{language}-{name.replace(' ', '-')}.json"
                result = scores(site.base_url + path, out)
                if isinstance(result, str):
                    print(f"{name:<20} {language:<4} {result:>11}  {path}", flush=True)
                    continue
                misses = [
                    f"{key}: {', '.join(failed_audits(out, key))}"
                    for key, goal in GOALS.items()
                    if result[key] < goal
                ]
                print(
                    f"{name:<20} {language:<4} {result['performance']:>5} "
                    f"{result['accessibility']:>5}  {'; '.join(misses) or '-'}  {path}",
                    flush=True,
                )
        print(f"\nGoals: performance >= {GOALS['performance']}, accessibility 100.")
        print(f"Reports (JSON) in {site.tmp}")
        print_skipped(site)


if __name__ == "__main__":
    main()
