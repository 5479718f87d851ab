"""The anonymous page cache: whole public pages served from the shared cache.

How it works
------------
`PageCacheMiddleware` stores the response to an anonymous GET (200, no cookie of its own, no
`Cache-Control` set by the view) under a key made of the scheme, host, path, query
parameters (sorted by name) and active language. With the page, the entry keeps the *tags*
of what it shows, each with the version the tag had when the page was stored; a hit checks
that every tag still has that version. A change renews (gives a new random version to) only
its tags, so only the pages that show it are rendered again.

Tags
----
- `<app>.<model>:<pk>`: the page shows this object (a detail page).
- `<app>.<model>:list`: the page lists rows of this model (a list, the home page's cards).
- `<app>.<model>:rows`: the page shows something of some rows of this model (an event page
  shows its sessions, its sessions' countries and its project's title).
- `site`: every page carries it (navigation, footer, site settings): `invalidate_pages()`.
- `pages:any`: a page whose view records nothing. Every change renews it, so a view that
  says nothing stays correct (search, sitemap, feeds, forms): tagging is only a speed-up.

Views record what they show with `page_tags(request, obj_or_model_or_tag, ...)`: an object
records its own tag and the `:rows` tag of the page models next to it (its foreign keys,
the models pointing at it, and theirs: derived from the models, no list to keep), a model
records its `:list` tag and the same neighbours.

What renews what:
- Saving or deleting a row of an app's declared `page_models` (portal/core/contract.py), a
  many-to-many change, or scheduled content going public (`content_published`): the
  object's tag, its model's `:list` and `:rows`, and the same for the page models its
  foreign keys point to (a session renews its event). The base layer's own page models
  (site settings, social links, navigation pages) renew everything.
- `invalidate_objects(*objs)`: the pages showing or listing these objects, nothing else (a
  registration renews its event's page and the lists of events; a moderated question, its
  item's page and list).
- `invalidate_tags(*tags)`, `invalidate_pages()` (everything). All take effect when the
  transaction commits, so no request stores a page of the data from before the commit.
- A render racing a change: every renewal first writes a new "last change" marker, read
  before the render and again (after the tags' versions, in one read) when storing; if it
  moved, the page is served but not stored. Versions are random tokens, never reused, so a
  version evicted from the cache never brings old pages back (their tags no longer match).
- Only the cache API is used (`get_many`, `set_many`, `add`): Redis, the file cache, local
  memory. A hit is one `get_many` (the entry, its tags' versions, the marker): each process
  remembers the tags last seen under a key; a second read only when they changed.

The fast path
-------------
`PageCacheFastPathMiddleware` sits near the top of MIDDLEWARE (after the client address and
the access log's path): an anonymous GET for a language-prefixed URL (or a view declared
`cache_language_neutral`) whose entry is public (no form) is answered from the entry with
the headers the whole stack had set on it (security headers, CSP, X-Frame-Options,
Content-Language) without running the rest of the stack. The host is checked against
ALLOWED_HOSTS first (`request.get_host()`) and is part of the key, as the scheme is (HSTS is
only stored on https entries). Everything else goes through the whole stack, where
`PageCacheMiddleware` serves forms (fresh CSRF token) and stores pages; the fast path then
records the final headers with the entry.

Other rules
-----------
- Query strings: a view lists the parameters it reads (`cache_query_params` on a class-based
  view, or the `cache_query_params(...)` decorator on a function view). A request carrying
  any other parameter (`?utm_source=...`, a random string) is rendered but never stored, so
  random query strings cannot fill the cache; without a list, only the bare URL is stored.
- Redis down: the cache backend fails open (portal/core/redis_cache.py), every page is
  rendered and nothing stored. A renewal lost while Redis was down lasts at most
  `PAGE_CACHE_SECONDS`.
- Who is served from the cache: requests without the session or messages cookie, so a
  signed-in member of staff (preview of drafts) or a visitor with a flash message always
  gets a freshly rendered page, and that page is sent `Cache-Control: private, no-store`.
- Forms: a page with a CSRF token is stored with a placeholder in place of the token; each
  hit renders a fresh token for the visitor (and sets their CSRF cookie), so a POST after a
  cached GET works. Such a page is per visitor, so it is `private` for browsers and CDNs.
- Other cached pages are `public` with an `ETag`; by default `no-cache` (a CDN may store
  them but revalidates each time, answered 304 from this cache), or `s-maxage` seconds with
  `PAGE_CACHE_CDN_SECONDS` for a CDN allowed to be that many seconds behind.
- Time-driven changes (a call closing) are not writes: they appear when the entry expires,
  after at most `PAGE_CACHE_SECONDS`.

Public API: `page_tags(request, *shown)`, `invalidate_objects(*objs)`,
`invalidate_tags(*tags)`, `invalidate_pages()`, `invalidate_for_change(obj)`,
`invalidate_pages_on_change(*models)`, `cache_query_params(*names)`,
`cache_language_neutral(view)`. `connect_page_invalidation()` connects the apps' declared
`page_models` at start-up.
"""

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from functools import cache, partial
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from portal.core import contract

SITE_TAG = "site"
ANY_TAG = "pages:any"
# The version of the site tag (the name kept from when it was the only one, the generation).
GENERATION_KEY = "pages:generation"
# Written first by every renewal: a render that saw it move does not store its page.
CHANGED_KEY = "pages:changed"
CSRF_PLACEHOLDER = b"--csrf-token-placeholder--"
# What {% csrf_token %} renders (crispy-forms uses the same tag).
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]+)(")')
# Headers the outer middleware and this one set on every response: never stored.
UNSTORED_HEADERS = {"cache-control", "vary", "etag", "expires", "set-cookie", "x-page-cache"}
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
    _cache().set_many(versions, None)


def invalidate_tags(*tags: str) -> None:
    """Renew the pages carrying any of these tags (and the pages that record no tag), when
    the transaction commits (at once outside one)."""
    transaction.on_commit(partial(_renew, {*tags, ANY_TAG}))


def invalidate_pages() -> None:
    """Make every cached page stale, for all visitors, in every process: for what every
    page shows (site settings, navigation, a translation catalogue)."""
    invalidate_tags(SITE_TAG)


def invalidate_objects(*objs: Model) -> None:
    """Renew the pages that show or list these objects, nothing else. For writes that change
    what these objects' pages show without changing their rows (places taken, a question
    published on an item's page), often through `QuerySet.update()`, which sends no signal."""
    invalidate_tags(*(tag for obj in objs for tag in (object_tag(obj), list_tag(type(obj)))))


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
    cannot be reached)."""
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
        return entry, marker
    return None, marker


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
    cache_.set(key, entry, settings.PAGE_CACHE_SECONDS)
    if len(_known_tags) >= KNOWN_TAGS_MAX:
        _known_tags.clear()
    _known_tags[key] = tuple(entry["tags"])
    return True


# Views' declarations -----------------------------------------------------------------------


def cache_query_params(*names: str) -> Callable:
    """Declare the query parameters a function view reads: only requests whose query string
    holds nothing else are stored (class-based views set a `cache_query_params` attribute)."""

    def decorator(view: Callable) -> Callable:
        view.cache_query_params = names
        return view

    return decorator


def cache_language_neutral(view: Callable) -> Callable:
    """Declare that a view outside the language prefix renders the same in every language
    (robots.txt): one entry for all, served by the fast path."""
    view.cache_language_neutral = True
    return view


def _view_attribute(request: HttpRequest, name: str, default):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return default
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, name, default)


ADMIN_PREFIX = "/admin/"
# Never looked up nor stored: staff pages, and the health check (it must see the real state).
UNCACHED_PREFIXES = (ADMIN_PREFIX, "/healthz")
NEUTRAL = "*"  # the key's language for a language-neutral view


def _is_anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
    )


def _page_key(request: HttpRequest, language: str) -> str:
    scheme = "https" if request.is_secure() else "http"
    # Sorted by name, so the order of the parameters makes no new entry; the values of a
    # repeated parameter keep their order (a view may read the first or the last).
    query = urlencode(sorted(request.GET.lists(), key=lambda item: item[0]), doseq=True)
    identity = f"{scheme}://{request.get_host()}{request.path}?{query}|{language}"
    return f"pages:entry:{hashlib.sha256(identity.encode()).hexdigest()}"


def _left_state(request: HttpRequest) -> bool:
    """Whether rendering changed the visitor's session or queued a message for them."""
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and getattr(storage, "_queued_messages", None))


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not set(request.GET) <= set(_view_attribute(request, "cache_query_params", ())):
        return False  # a parameter the view does not read: rendered, never stored
    if response.has_header("Cache-Control") or response.cookies or _left_state(request):
        return False
    # A view that varies on anything but cookies is not described by our key.
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"cookie", "accept-language", "accept-encoding"}


def _public_headers(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    seconds = settings.PAGE_CACHE_CDN_SECONDS
    if seconds:
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


def _private_headers(response: HttpResponse) -> None:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


def _not_modified(entry: dict) -> HttpResponse:
    response = HttpResponseNotModified()
    _public_headers(response, entry["etag"])
    response["X-Page-Cache"] = "hit"
    return response


# Middleware --------------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve anonymous GET pages from the shared cache and store them (see the module
    docstring).

    Sits after CsrfViewMiddleware (which then sets the CSRF cookie of a cached page with a
    form) and after MessageMiddleware (whose state it checks before storing a page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.PAGE_CACHE_ENABLED
            or request.method != "GET"
            or request.path.startswith(UNCACHED_PREFIXES)
        ):
            return self.get_response(request)
        if not _is_anonymous(request):
            response = self.get_response(request)
            # Rendered for this visitor (staff, or a flash message): never in a shared cache.
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response

        # The fast path may have looked this key up already (one read per request).
        looked_up = request.__dict__.pop("page_cache_lookup", None)
        key = _page_key(request, get_language())
        if looked_up is not None and looked_up[0] == key:
            entry, marker = looked_up[1:]
        else:
            entry, marker = _lookup(key)
        if entry is not None:
            return self._from_entry(request, entry)

        response = self.get_response(request)
        if marker is DOWN or not _storable(request, response):
            if not response.has_header("Cache-Control") and (
                response.cookies or _left_state(request)
            ):
                add_never_cache_headers(response)
            return response
        body = response.content
        has_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if has_csrf:
            body, found = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\3", body)
            if not found:  # the token went somewhere we cannot substitute: do not store
                _private_headers(response)
                return response
        headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        neutral = _view_attribute(request, "cache_language_neutral", False)
        if neutral:
            key = _page_key(request, NEUTRAL)
        entry = {"body": body, "headers": headers, "csrf": has_csrf, "etag": etag}
        tags = {SITE_TAG, *(request.__dict__.get("page_cache_tags") or {ANY_TAG})}
        if not has_csrf and "page_cache_fast_path" in request.__dict__:
            # The fast path above stores it, with the headers the whole stack adds.
            request.page_cache_fast_path = (key, entry, tags, marker, neutral)
        else:
            _store(key, entry, tags, marker)
        if has_csrf:
            _private_headers(response)
        else:
            _public_headers(response, etag)
        response["X-Page-Cache"] = "miss"
        return response

    def _from_entry(self, request: HttpRequest, entry: dict) -> HttpResponse:
        body = entry["body"]
        if entry["csrf"]:
            # A fresh masked token for this visitor; CsrfViewMiddleware sets their cookie.
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        elif request.headers.get("If-None-Match") == entry["etag"]:
            return _not_modified(entry)
        response = HttpResponse(body)
        for name, value in entry["headers"]:
            response[name] = value
        if entry["csrf"]:
            _private_headers(response)
        else:
            _public_headers(response, entry["etag"])
        response["X-Page-Cache"] = "hit"
        return response


# Set again on each fast-path hit (by `_public_headers`), or never stored.
FAST_PATH_UNSTORED = {"cache-control", "etag", "expires", "set-cookie", "x-page-cache"}


class PageCacheFastPathMiddleware:
    """Answer anonymous GETs whose public entry holds the final headers, before the rest
    of the stack runs (see "The fast path" in the module docstring). Must sit after the
    client address and access log middlewares and before every other one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def _language(self, path: str) -> str:
        prefix = path[1:].split("/", 1)[0]
        return prefix if any(prefix == code for code, _name in settings.LANGUAGES) else NEUTRAL

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.PAGE_CACHE_ENABLED
            or request.method != "GET"
            or request.path.startswith(UNCACHED_PREFIXES)
            or not _is_anonymous(request)
        ):
            return self.get_response(request)
        try:
            key = _page_key(request, self._language(request.path))
        except DisallowedHost:
            return self.get_response(request)  # the stack answers 400
        entry, marker = _lookup(key)
        if entry is not None and "final" in entry:
            if request.headers.get("If-None-Match") == entry["etag"]:
                return _not_modified(entry)
            response = HttpResponse(entry["body"])
            for name, value in entry["final"]:
                response[name] = value
            _public_headers(response, entry["etag"])
            response["X-Page-Cache"] = "hit"
            return response
        request.page_cache_lookup = (key, entry, marker)
        request.page_cache_fast_path = None
        response = self.get_response(request)
        stored = request.page_cache_fast_path
        if stored is not None:
            key, entry, tags, marker, neutral = stored
            final = [(k, v) for k, v in response.items() if k.lower() not in FAST_PATH_UNSTORED]
            if neutral:  # the same for every language: say none
                final = [(k, v) for k, v in final if k.lower() != "content-language"]
            _store(key, {**entry, "final": final}, tags, marker)
        return response
