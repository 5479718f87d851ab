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
  memory; with Redis, local.py also talks to Redis directly (a transaction, pub/sub). A hit
  is one `get_many` (the entry, its tags' versions, the marker): each process remembers the
  tags last seen under a key; a second read only when they changed.
- Copies (local.py): with Redis, each process keeps the entries it found valid; renewals are
  published on a channel every process reads before each lookup, so a hit from a copy makes
  no trip to Redis and a change still shows in every process as soon as its message has
  arrived. Copies are trusted only while the subscription answers its PINGs.

The fast path
-------------
`PageCacheFastPathMiddleware` sits near the top of MIDDLEWARE (after the client address and
the access log's path): an anonymous GET for a language-prefixed URL (or a view declared
`cache_language_neutral`) whose entry is stored is answered from the entry with the headers
the whole stack had set on it (security headers, CSP, X-Frame-Options, Content-Language)
without running the rest of the stack. A page with a form gets the visitor's CSRF token and
cookie from Django's own CsrfViewMiddleware, called around the cached body. The host is
checked against ALLOWED_HOSTS first (`request.get_host()`) and is part of the key, as the
scheme is (HSTS is only stored on https entries). Everything else goes through the whole
stack, where `PageCacheMiddleware` stores pages; the fast path then records the final
headers with the entry.

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

from portal.core.cache.answers import CSRF_PLACEHOLDER, page_key
from portal.core.cache.middleware import (
    PageCacheFastPathMiddleware,
    PageCacheMiddleware,
    cache_language_neutral,
    cache_query_params,
)
from portal.core.cache.tags import (
    ANY_TAG,
    CHANGED_KEY,
    GENERATION_KEY,
    SITE_TAG,
    _known_tags,
    _renew,
    change_tags,
    connect_page_invalidation,
    invalidate_for_change,
    invalidate_objects,
    invalidate_pages,
    invalidate_pages_on_change,
    invalidate_tags,
    list_tag,
    object_tag,
    page_tags,
    rows_tag,
)

__all__ = [
    "ANY_TAG",
    "CHANGED_KEY",
    "CSRF_PLACEHOLDER",
    "GENERATION_KEY",
    "SITE_TAG",
    "PageCacheFastPathMiddleware",
    "PageCacheMiddleware",
    "_known_tags",
    "_renew",
    "cache_language_neutral",
    "cache_query_params",
    "change_tags",
    "connect_page_invalidation",
    "invalidate_for_change",
    "invalidate_objects",
    "invalidate_pages",
    "invalidate_pages_on_change",
    "invalidate_tags",
    "list_tag",
    "object_tag",
    "page_key",
    "page_tags",
    "rows_tag",
]
