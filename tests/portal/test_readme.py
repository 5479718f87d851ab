"""README.md points only at what the repository holds."""

import re
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

ROOT = Path(settings.BASE_DIR).resolve()
README = (ROOT / "README.md").read_text(encoding="utf-8")


def anchors() -> set[str]:
    return {slugify(title) for title in re.findall(r"^#+ (.+)$", README, re.MULTILINE)}


def test_every_link_resolves_inside_the_repository():
    for target in re.findall(r"\]\(([^)\s]+)\)", README):
        if target.startswith(("https://", "http://", "mailto:")):
            continue
        if target.startswith("#"):
            assert target[1:] in anchors(), target
            continue
        path = (ROOT / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), target
        assert path.exists(), target


def test_every_file_named_in_code_quotes_exists():
    top = {path.name for path in ROOT.iterdir()}
    for name in re.findall(r"`([\w./-]+\.(?:py|md|html|toml|yaml|json|txt|conf|scss))`", README):
        if name.split("/")[0] in top:
            assert (ROOT / name).exists(), name


def test_no_path_leads_out_of_the_repository():
    assert re.findall(r"[`(]\.\./[^`)]*", README) == []
