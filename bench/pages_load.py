"""The second and third parts of bench/pages.py: a mixed English/French browsing load with
locust, and Lighthouse scores. Each tool is installed on first use (locust into the current
virtualenv, Lighthouse under .cache/lighthouse)."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
VENV_BIN = Path(PY).parent
LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
LOCUST_REQUIREMENT = "locust>=2.32,<3"
LIGHTHOUSE_PACKAGE = "lighthouse@12"


def say(message: str) -> None:
    print(f"== {message}", flush=True)


def ensure_locust() -> Path | None:
    locust = VENV_BIN / "locust"
    if not locust.exists():
        say(f"installing {LOCUST_REQUIREMENT} into {VENV_BIN.parent}")
        subprocess.run(
            [PY, "-m", "pip", "install", "-q", LOCUST_REQUIREMENT],
            check=False,
            stderr=subprocess.DEVNULL,  # pip's warnings about unused index locations
        )
    return locust if locust.exists() else None


def ensure_lighthouse() -> Path | None:
    cli = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists() and shutil.which("npm"):
        say(f"installing {LIGHTHOUSE_PACKAGE} into {LIGHTHOUSE_DIR}")
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", ".",
             LIGHTHOUSE_PACKAGE],
            cwd=LIGHTHOUSE_DIR,
            check=False,
        )  # fmt: skip
    return cli if cli.exists() and shutil.which("node") else None


def run_locust(locust: Path, port: int, urls: dict, seconds: int, tmp: str) -> None:
    prefix = f"{tmp}/locust"
    env = {**os.environ, "BENCH_URLS": json.dumps(urls)}
    log = open(f"{prefix}.log", "w")  # noqa: SIM115 (closed below)
    subprocess.run(
        [
            str(locust),
            *("-f", str(ROOT / "bench" / "locustfile.py"), "--headless"),
            *("-u", "50", "-r", "10", "-t", f"{seconds}s"),
            *("--host", f"http://127.0.0.1:{port}", "--csv", prefix, "--only-summary"),
            *("--loglevel", "WARNING", "--exit-code-on-error", "0"),
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    with open(f"{prefix}_stats.csv") as f:
        total = next(row for row in csv.DictReader(f) if row["Name"] == "Aggregated")
    server_errors = 0
    with open(f"{prefix}_failures.csv") as f:
        for row in csv.DictReader(f):
            if re.search(r"\b5\d\d\b", row["Error"]):
                server_errors += int(row["Occurrences"])
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    ratio = failures / requests if requests else 1.0
    p95 = float(total["95%"])
    print(f"\nMixed EN/FR browsing, locust, 50 users for {seconds} s")
    print(f"{'requests':>9} {'req/s':>7} {'failures':>9} {'failure %':>9} {'p95 ms':>7} {'5xx':>5}")
    print(
        f"{requests:>9} {float(total['Requests/s']):>7.1f} {failures:>9} {ratio * 100:>9.2f} "
        f"{p95:>7.0f} {server_errors:>5}"
    )
    ok = ratio < 0.01 and server_errors == 0 and p95 <= 300
    print(f"targets (< 1 % failures, 0 5xx, p95 <= 300 ms): {'met' if ok else 'NOT met'}")


def run_lighthouse(cli: Path, port: int, urls: dict, tmp: str) -> None:
    print("\nLighthouse, mobile profile (performance, accessibility, best practices, SEO)")
    print(f"{'page':<10} {'lang':<4} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}  path")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for lang in ("en", "fr"):
        for name in ("home", "issue", "project", "event"):
            path = urls[lang][name]
            out = Path(tmp) / f"lh-{lang}-{name.replace(' ', '-')}.json"
            cells = lighthouse_scores(cli, env, f"http://localhost:{port}{path}", out)
            print(f"{name:<10} {lang:<4} {cells}  {path}", flush=True)
    print("targets: performance >= 90, accessibility 100, best practices >= 95, SEO >= 95")


def lighthouse_scores(cli: Path, env: dict, url: str, out: Path) -> str:
    """The four scores, as table cells; a run whose trace failed (Chromium under load
    sometimes loses it: NO_NAVSTART) is tried again, twice at most."""
    cells = f"{'failed to run':>23}"
    for _attempt in range(3):
        subprocess.run(
            [
                "node",
                str(cli),
                url,
                *("--quiet", "--output=json", f"--output-path={out}"),
                "--only-categories=performance,accessibility,best-practices,seo",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            report = json.loads(out.read_text())
        except (OSError, ValueError):
            continue
        if report.get("runtimeError"):
            cells = f"{report['runtimeError'].get('code', 'error'):>23}"
            continue
        categories = report["categories"]
        scores = [
            round((categories[key]["score"] or 0) * 100)
            for key in ("performance", "accessibility", "best-practices", "seo")
        ]
        return " ".join(f"{score:>5}" for score in scores)
    return cells
