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
