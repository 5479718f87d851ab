"""The page cache's tags and their versions: what a page records, what a change renews,
and the entries' lookup and store (the package docstring explains the whole)."""

import hashlib
import secrets
import time
from collections.abc import Iterable
from functools import cache, partial

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest

from portal.core import contract
from portal.core.cache import local

SITE_TAG = "site"
ANY_TAG = "pages:any"
# The version of the site tag (the name kept from when it was the only one, the generation).
GENERATION_KEY = "pages:generation"
# Written first by every renewal: a render that saw it move does not store its page.
CHANGED_KEY = "pages:changed"
# The tags last seen under each entry key, in this process (so a hit is one read).
KNOWN_TAGS_MAX = 20_000
_known_tags: dict[str, tuple[str, ...]] = {}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _new_version() -> int:
    # Random rather than incremented: a version is never used twice, even after the key was
    # evicted (pages stored under an old number could otherwise come back), and no cache
    # backend needs an atomic increment.
    return secrets.randbits(62)


def _version_key(tag: str) -> str:
    return GENERATION_KEY if tag == SITE_TAG else f"pages:tag:{tag}"


# Tags --------------------------------------------------------------------------------------


def _label(model: type[Model]) -> str:
    return model._meta.concrete_model._meta.label_lower


def object_tag(obj: Model) -> str:
    return f"{_label(type(obj))}:{obj.pk}"


def list_tag(model: type[Model]) -> str:
    return f"{_label(model)}:list"


def rows_tag(model: type[Model]) -> str:
    return f"{_label(model)}:rows"


@cache
def _page_models() -> frozenset[type[Model]]:
    return frozenset(m._meta.concrete_model for m in contract.collect("page_models"))


def _related(model: type[Model], *, forward: bool = True, reverse: bool = True) -> set:
    found = set()
    for field in model._meta.get_fields():
        if not field.is_relation or field.related_model is None:
            continue
        if (field.concrete and forward) or (not field.concrete and reverse):
            found.add(field.related_model._meta.concrete_model)
    return found


@cache
def _neighbours(model: type[Model]) -> frozenset[str]:
    """The `:rows` tags of the page models a page showing `model` may show too: those it
    points to or that point to it, and those these point to (an event's sessions' country)."""
    near = _related(model) & _page_models()
    for other in list(near):
        near |= _related(other, reverse=False)
    near.discard(model._meta.concrete_model)
    return frozenset(rows_tag(m) for m in near & _page_models())


def _parents(obj: Model) -> list[Model]:
    """The page-model objects `obj`'s foreign keys point to (a session's event)."""
    return [
        field.related_model(pk=getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.many_to_one
        and field.related_model._meta.concrete_model in _page_models()
        and getattr(obj, field.attname) is not None
    ]


def page_tags(request: HttpRequest, *shown: Model | type[Model] | str) -> None:
    """Record what the page being rendered shows: an object (its tag and its neighbours'
    `:rows` tags), a model whose rows it lists (`:list` and neighbours), or a tag."""
    tags = request.__dict__.setdefault("page_cache_tags", set())
    for item in shown:
        if isinstance(item, str):
            tags.add(item)
        elif isinstance(item, type) and issubclass(item, Model):
            tags.add(list_tag(item))
            tags |= _neighbours(item._meta.concrete_model)
        else:
            tags.add(object_tag(item))
            tags |= _neighbours(type(item)._meta.concrete_model)


def change_tags(obj: Model) -> set[str]:
    """What a change to `obj` renews: its pages, the lists and every page showing its rows,
    and the same for the page objects its foreign keys point to."""
    tags = set()
    for item in (obj, *_parents(obj)):
        model = type(item)
        tags |= {object_tag(item), list_tag(model), rows_tag(model)}
    return tags


# Renewal -----------------------------------------------------------------------------------


def _renew(tags: Iterable[str]) -> None:
    # The marker first: a render reading a new version then reads the new marker too.
    versions = {CHANGED_KEY: _new_version()}
    versions.update({_version_key(tag): _new_version() for tag in tags})
    # With Redis, the versions and the message to every process's copies in one transaction.
    if not local.renew(versions, set(tags)):
        _cache().set_many(versions, None)


def invalidate_tags(*tags: str) -> None:
    """Renew the pages carrying any of these tags (and the pages that record no tag), when
    the transaction commits (at once outside one)."""
    transaction.on_commit(partial(_renew, {*tags, ANY_TAG}))


def invalidate_pages() -> None:
    """Make every cached page stale, for all visitors, in every process: for what every
    page shows (site settings, navigation, a translation catalogue)."""
    invalidate_tags(SITE_TAG)


def invalidate_objects(*objs: Model, lists: bool = True) -> None:
    """Renew the pages that show or list these objects (with `lists=False`, only the pages
    that show them: for what no list shows), nothing else. For writes that change what these
    objects' pages show without changing their rows (places taken, a question published on
    an item's page), often through `QuerySet.update()`, which sends no signal."""
    tags = [object_tag(obj) for obj in objs]
    if lists:
        tags += [list_tag(type(obj)) for obj in objs]
    invalidate_tags(*tags)


def invalidate_for_change(obj: Model) -> None:
    """Renew what a change to `obj` may have changed (see `change_tags`); everything for the
    base layer's own page models (site settings, navigation pages)."""
    if type(obj)._meta.concrete_model in _site_wide_models():
        invalidate_pages()
    else:
        invalidate_tags(*change_tags(obj))


@cache
def _site_wide_models() -> frozenset[type[Model]]:
    return frozenset(
        model._meta.concrete_model
        for config, declared in contract.app_contributions()
        if config.name == "portal.core"
        for model in declared.page_models
    )


def _on_change(sender, instance: Model, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the fixture's own rows, nothing rendered yet
        return
    if not kwargs.get("action", "post_").startswith("post_"):  # m2m_changed: once, after
        return
    invalidate_for_change(instance)
    related, pks = kwargs.get("model"), kwargs.get("pk_set") or ()
    if related is not None:  # m2m_changed: the rows on the other side too (all on a clear)
        invalidate_tags(
            *(object_tag(related(pk=pk)) for pk in pks), list_tag(related), rows_tag(related)
        )


def connect_page_invalidation() -> None:
    """At start-up (CoreConfig.ready): every app's declared `page_models`."""
    invalidate_pages_on_change(*contract.collect("page_models"))


def invalidate_pages_on_change(*models: type[Model]) -> None:
    """Renew the pages showing a row of these models whenever one is saved or deleted, or
    one of their many-to-many relations changes. Apps declare them as `page_models`: the
    models that public pages show (not bookkeeping models written in bulk, such as
    newsletter deliveries, which would renew pages during a send)."""
    for model in models:
        uid = f"portal.core.cache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_change, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
            )


# Lookup and store --------------------------------------------------------------------------


# The marker `_lookup` gives when the cache cannot be reached: nothing is stored.
DOWN = object()


def _lookup(key: str) -> tuple[dict | None, object]:
    """The entry under `key` if every tag it carries still has the version it was stored
    with, else None; and the change marker, read in the same call (DOWN when the cache
    cannot be reached). A hit from this process's copy (local.py) reads nothing and gives
    None for the marker, which only a miss uses (to store the page it renders)."""
    copy, token = local.get(key)
    if copy is not None:  # this process's copy, still current (the marker is only for misses)
        return copy, None
    cache_ = _cache()
    tags = _known_tags.get(key, (SITE_TAG,))
    asked = [key, CHANGED_KEY, *map(_version_key, tags)]
    found = cache_.get_many(asked)
    marker, entry = found.get(CHANGED_KEY), found.get(key)
    if GENERATION_KEY not in found:
        # Never set, evicted, or the cache is down: a new site version (no entry stored
        # before can match it) unless another process just set one.
        if not cache_.add(GENERATION_KEY, _new_version(), None) and (
            cache_.get(GENERATION_KEY) is None
        ):
            return None, DOWN
        return None, marker
    if entry is None:
        return None, marker
    versions = entry["tags"]
    missing = [_version_key(tag) for tag in versions if tag not in tags]
    if missing:  # another process stored it with other tags: one more read
        found.update(cache_.get_many(missing))
    if len(_known_tags) >= KNOWN_TAGS_MAX:
        _known_tags.clear()
    _known_tags[key] = tuple(versions)
    if all(found.get(_version_key(tag)) == version for tag, version in versions.items()):
        local.put(key, entry, token)
        return entry, marker
    return None, marker


def _variant_allowed(path: str) -> bool:
    """Whether one more query-string variant of `path` (scheme, host, path and language) may
    be stored: at most PAGE_CACHE_QUERY_VARIANTS in each PAGE_CACHE_SECONDS, so random
    values of a parameter a view reads (?page=<random>, ?q=<random>) cannot fill the cache."""
    cache_ = _cache()
    key = f"pages:variants:{hashlib.sha256(path.encode()).hexdigest()}"
    cache_.add(key, 0, settings.PAGE_CACHE_SECONDS)
    try:
        count = cache_.incr(key)
    except ValueError:  # expired between add and incr: a new period
        return True
    return count <= settings.PAGE_CACHE_QUERY_VARIANTS


def _store(key: str, entry: dict, tags: set[str], marker: object) -> bool:
    """Store `entry` with its tags' current versions, unless a change was made since
    `marker` was read (before rendering) or the cache cannot be reached."""
    cache_ = _cache()
    keys = {tag: _version_key(tag) for tag in tags}
    found = cache_.get_many([*keys.values(), CHANGED_KEY])
    absent = [k for k in keys.values() if k not in found]
    if absent:  # a tag never renewed (or evicted): give it a version, then read again
        for version_key in absent:
            cache_.add(version_key, _new_version(), None)  # atomic: the loser reads the winner
        found = cache_.get_many([*keys.values(), CHANGED_KEY])
    if found.get(CHANGED_KEY) != marker or any(k not in found for k in keys.values()):
        return False
    entry["tags"] = {tag: found[version_key] for tag, version_key in keys.items()}
    entry["expires"] = time.time() + settings.PAGE_CACHE_SECONDS  # for the copies (local.py)
    cache_.set(key, entry, settings.PAGE_CACHE_SECONDS)
    if len(_known_tags) >= KNOWN_TAGS_MAX:
        _known_tags.clear()
    _known_tags[key] = tuple(entry["tags"])
    return True
