"""The layers (docs/architecture.md) hold: import-linter's contracts in pyproject.toml pass on
the tree, and fail, naming the broken contract, when a forbidden import is added."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# The packages the contracts cover, as pyproject.toml lists them: a new app is copied too.
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]
CONTRACT = "Layers of docs/architecture.md (site > apps > events > projects > base)"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd), "NO_COLOR": "1"},
    )


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{CONTRACT} KEPT" in result.stdout


def add_first_line(path: Path, line: str) -> None:
    path.write_text(line + "\n" + path.read_text())


def copy_tree(tmp_path: Path) -> None:
    """The packages and the contracts, without what import-linter does not read."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "migrations"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)


def test_a_forbidden_import_breaks_the_contract(tmp_path):
    copy_tree(tmp_path)
    assert lint_imports(tmp_path).returncode == 0

    add_first_line(tmp_path / "events" / "models.py", "import registrations.models")
    add_first_line(tmp_path / "portal" / "core" / "cache" / "tags.py", "import portal.site.views")
    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert f"{CONTRACT} BROKEN" in result.stdout
    assert "events is not allowed to import registrations" in result.stdout
    assert "events.models -> registrations.models (l.1)" in result.stdout
    assert "portal.core is not allowed to import portal.site" in result.stdout
    assert "portal.core.cache.tags -> portal.site.views (l.1)" in result.stdout


def test_a_service_importing_a_task_breaks_the_contract(tmp_path):
    copy_tree(tmp_path)
    # The loop issue 13 removed: a service asking for its task directly.
    sending = tmp_path / "newsletter" / "services" / "sending.py"
    sending.write_text(
        sending.read_text() + "\n\ndef _later():\n    from newsletter import tasks\n"
    )

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "Tasks import services, never the reverse BROKEN" in result.stdout
    assert "newsletter.services.sending -> newsletter.tasks" in result.stdout
