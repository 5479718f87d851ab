"""The country outline maps and the projects map, drawn at build time by frontend/maps.mjs
(`npm run build:maps`) and committed under static/maps/: read here, never fetched."""

import json
from functools import cache

from django.contrib.staticfiles import finders


@cache
def _load(path: str) -> dict:
    found = finders.find(path)
    if not found:
        return {}
    with open(found, encoding="utf-8") as file:
        return json.load(file)


def outline_size(code: str) -> tuple[int, int] | None:
    """Width and height of static/maps/countries/<code>.svg, or None if there is no map."""
    size = _load("maps/countries.json").get(code.lower())
    return tuple(size) if size else None


def region_map() -> dict:
    """The projects map: {"viewBox": "x y w h", "paths": {iso2 lower: path data}}."""
    return _load("maps/region.json")
