"""Page weight: the home page's first load, compressed, through the production static
pipeline (collectstatic with WhiteNoise's compressed manifest storage)."""

import gzip
import re

import pytest
from django.core.management import call_command

BUDGET_BYTES = 32 * 1024
# What a reverse proxy typically sends: nginx/Caddy at a mid compression level.
GZIP_LEVEL = 6

pytestmark = pytest.mark.django_db


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


@pytest.fixture
def production_static(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def assets_of(html: str) -> list[str]:
    """The CSS and JavaScript the page loads (icons and images are not counted)."""
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    return stylesheets + scripts


def test_home_page_first_load_weighs_at_most_32_kb_compressed(client, production_static):
    from events.demo import load as load_events
    from newsletter.demo import load as load_newsletter
    from portal.site.demo import load as load_site
    from projects.demo import load as load_projects

    for load in (load_site, load_projects, load_events, load_newsletter):
        load()
    response = client.get("/en/")
    html = response.content
    assets = assets_of(html.decode())
    assert any(url.endswith(".css") for url in assets)

    sizes = {"HTML": gzipped_size(html)}
    for url in assets:
        assert url.startswith("/static/"), f"{url}: every file is served by the site"
        name = url.removeprefix("/static/")
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", name), f"{name}: not a hashed file"
        # WhiteNoise serves the .gz it made at collectstatic to browsers that accept gzip.
        compressed = production_static / f"{name}.gz"
        path = compressed if compressed.exists() else production_static / name
        sizes[url] = path.stat().st_size if compressed.exists() else gzipped_size(path.read_bytes())
    total = sum(sizes.values())
    assert total <= BUDGET_BYTES, f"{total} bytes compressed: {sizes}"
