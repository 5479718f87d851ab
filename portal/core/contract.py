"""The one way an app contributes to the site: a `contributions.py` module beside its
`models.py` that declares `CONTRIBUTIONS = Contributions(...)`.

Adding an app is adding its folder and one line in INSTALLED_APPS: the site finds the
module the way the admin finds `admin.py` (each installed app is looked at; those without a
`contributions` module contribute nothing). Every key is optional:

    CONTRIBUTIONS = Contributions(
        urls="events.urls", url_prefix=_("events/"),  # included under /en/, /fr/ ...
        root_urls=[...],                              # outside the language prefix
        sitemaps={"events": EventSitemap},
        search_sources=[SearchSource(...)],
        previews={Event: EventDetailView},            # draft preview for staff
        personal_data=[PersonalData(...)],            # export, erasure, retention
        dashboard_panels=[Panel(...)],                # the admin index
        periodic_tasks=[expire_offers],               # task objects, run every minute
        page_models=[Event, Session],                 # a change renews the page cache
        role_grants=content_grants(Event, Session),   # what editors/officers may do
        demo=events.demo.load,                        # `manage.py load_demo`
        member_sections=[MemberSection(...)],         # a part of a member's My space
        item_sections=[ItemSection(...)],             # a part of item detail pages
        card_tags=[CardTag(...)],                     # a fact on item cards in lists
    )

`item_sections` and `card_tags` let an app above projects, events and newsletter add to
their pages without those apps importing it: their templates only call the base layer's
tags (`{% item_sections project %}`, `{% card_tags projects as card_tags %}` then
`{% card_tags_for card_tags project %}`: portal/core/templatetags/item_parts.py).

Who reads each key: docs/architecture.md. The base layer reads it through `collect()`
and `merged()` without importing any app; the modules are imported when first needed
(URL loading, the first request, `CoreConfig.ready()` for the page-cache receivers), when
every model is loaded.

Not declared here, because they are derived: publishable models (subclasses of
`portal.core.publishing.Publishable`) and history-tracked models (`track_history()` in the
app's `translation.py`, next to the fields it must record).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule

if TYPE_CHECKING:  # types only: the registries below import this module
    from django.db.models import Model
    from django.http import HttpRequest
    from django.urls import URLPattern, URLResolver

    from portal.core.privacy import PersonalData
    from portal.core.search import SearchSource

MODULE = "contributions"


@dataclass(frozen=True)
class Panel:
    """A section of the admin index: `template` rendered with `panel`, the dict that
    `context(request)` returns. With a `model`, only staff who may view that model in the
    admin see the section."""

    template: str
    context: Callable[[HttpRequest], dict]
    model: type[Model] | None = None


@dataclass(frozen=True)
class MemberSection:
    """A part of a signed-in member's My space (members app): `template` rendered with
    `section`, the dict that `context(request, email)` returns for the member's address.
    Sections appear in `order` (then INSTALLED_APPS order)."""

    template: str
    context: Callable[[HttpRequest, str], dict]
    order: int = 100


@dataclass(frozen=True)
class ItemSection:
    """A part of an item's detail page (a project, a call, an event, an article) that an app
    above the item's own app adds: `template` rendered with `section`, the dict that
    `context(request, item)` returns, or nothing when it returns None. Sections appear at
    the end of the page in `order` (then INSTALLED_APPS order). The context function must
    make the same number of queries whatever the item holds (query budgets)."""

    template: str
    context: Callable[[HttpRequest, Model], dict | None]
    order: int = 100


@dataclass(frozen=True)
class CardTag:
    """A short fact on the cards of a list of items ("3 questions"), computed for the whole
    list at once, never per card: `context(items)` gets the list's items (of one model or
    several) and returns {item: dict} for the items that show the fact. `template` renders
    one `<li class="tag ...">` (cards hold their tags in a `<ul class="tags">`) with `tag`,
    that dict. Tags appear in `order` (then INSTALLED_APPS order)."""

    template: str
    context: Callable[[Sequence[Model]], Mapping[Model, dict]]
    order: int = 100


@dataclass(frozen=True)
class Contributions:
    urls: str | None = None  # the app's URLconf module, with its `app_name`
    url_prefix: str | Promise = ""  # under the language prefix, translated
    root_urls: Sequence[URLPattern | URLResolver] = ()
    sitemaps: Mapping[str, type] = field(default_factory=dict)
    search_sources: Sequence[SearchSource] = ()
    previews: Mapping[type[Model], type] = field(default_factory=dict)
    personal_data: Sequence[PersonalData] = ()
    dashboard_panels: Sequence[Panel] = ()
    periodic_tasks: Sequence[Any] = ()  # django_tasks Task objects
    page_models: Sequence[type[Model]] = ()
    role_grants: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    demo: Callable[[], int] | None = None  # creates the demo content; how many objects
    member_sections: Sequence[MemberSection] = ()
    item_sections: Sequence[ItemSection] = ()
    card_tags: Sequence[CardTag] = ()


def app_contributions() -> list[tuple[AppConfig, Contributions]]:
    """Each installed app that declares contributions, in INSTALLED_APPS order."""
    return _discover(tuple(config.name for config in apps.get_app_configs()))


@cache
def _discover(app_names: tuple[str, ...]) -> list[tuple[AppConfig, Contributions]]:
    # Keyed by the installed apps, so that a test changing INSTALLED_APPS sees its own.
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, MODULE):
            module = import_module(f"{config.name}.{MODULE}")
            found.append((config, module.CONTRIBUTIONS))
    return found


def collect(key: str) -> list:
    """Every app's entries under a sequence `key`, in INSTALLED_APPS order."""
    return [item for _config, declared in app_contributions() for item in getattr(declared, key)]


def collect_by(key: str, name: Callable[[Any], str]) -> dict:
    """Every app's entries under a sequence `key`, by `name(entry)`. Two entries with one
    name is an error, as in `merged`."""
    result = {}
    for config, declared in app_contributions():
        for item in getattr(declared, key):
            if (item_name := name(item)) in result:
                raise ImproperlyConfigured(f"{key} {item_name!r} declared twice ({config.name}).")
            result[item_name] = item
    return result


def merged(key: str) -> dict:
    """Every app's entries under a mapping `key`, in one dict. Two apps declaring the same
    name is an error: one would silently replace the other's sitemap or preview."""
    result, owners = {}, {}
    for config, declared in app_contributions():
        for name, value in getattr(declared, key).items():
            if name in result:
                raise ImproperlyConfigured(
                    f"{config.name} and {owners[name]} both declare {key} {name!r}."
                )
            result[name], owners[name] = value, config.name
    return result
