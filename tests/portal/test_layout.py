"""Where files live (docs/architecture.md, STYLE.md)."""

from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OUTSIDE = {".venv", "node_modules", ".git", "staticfiles", "media", "private", ".cache"}


def test_admin_templates_are_all_in_the_root_templates_admin_folder():
    stray = [
        path.relative_to(ROOT)
        for path in ROOT.glob("**/templates/admin/**/*.html")
        if not OUTSIDE & set(path.relative_to(ROOT).parts)
        and path.relative_to(ROOT).parts[:2] != ("templates", "admin")
    ]
    assert stray == []


MAX_LINES = 400


def test_no_python_module_is_over_400_lines():
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in ROOT.glob("**/*.py")
        if not OUTSIDE & set(path.relative_to(ROOT).parts) and "migrations" not in path.parts
    }
    too_long = {name for name, lines in lengths.items() if lines > MAX_LINES}
    assert too_long == set(), "split these into packages, one module per concept"
