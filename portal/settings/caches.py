"""Settings: caches, the anonymous page cache, sessions (imported whole by portal.settings)."""

from urllib.parse import urlsplit, urlunsplit

from portal.settings.environment import BASE_DIR, DEBUG, env

# Cache: local memory by default, Redis through REDIS_URL (shared by every process).
# Three aliases: "default" (navigation, site settings), "ratelimit" (form and login counters)
# and "pages" (the page cache, portal/core/cache/). Pages must never evict counters, so they
# live in their own Redis database (PAGE_CACHE_REDIS_URL; by default REDIS_URL's server with
# the database number after REDIS_URL's), ideally on their own instance with allkeys-lru
# while the counters' instance evicts nothing (compose.yaml).
REDIS_URL = env.str("REDIS_URL", default="")
PAGE_CACHE_REDIS_URL = env.str("PAGE_CACHE_REDIS_URL", default="")
# Seconds to connect to Redis or wait for an answer before the cache counts as down.
REDIS_TIMEOUT_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=0.5)
RATELIMIT_CACHE_ALIAS = "ratelimit"
if REDIS_URL:
    if not PAGE_CACHE_REDIS_URL:
        _redis = urlsplit(REDIS_URL)
        _page_db = int(_redis.path.strip("/") or 0) + 1
        PAGE_CACHE_REDIS_URL = urlunsplit(_redis._replace(path=f"/{_page_db}"))

    def _redis_cache(location: str) -> dict:
        # Fails open (portal/core/redis_cache.py): Redis down means uncached pages, not errors.
        return {
            "BACKEND": "portal.core.redis_cache.FailOpenRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }

    CACHES = {
        "default": _redis_cache(REDIS_URL),
        RATELIMIT_CACHE_ALIAS: _redis_cache(REDIS_URL),
        "pages": _redis_cache(PAGE_CACHE_REDIS_URL),
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        RATELIMIT_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit",
        },
        # Pages and their generation must be shared by every process of the host, or one
        # worker would go on serving a page another worker's write has made stale.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("PAGE_CACHE_DIR", default=str(BASE_DIR / ".cache" / "pages")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# Anonymous page cache (portal/core/cache/).
# Off by default in development, where a template edit must show on the next reload.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=not DEBUG)
PAGE_CACHE_ALIAS = "pages"
# How long a page is kept; also the delay before time-driven changes (a call closing, a
# scheduled issue coming out) show, since those are not writes that invalidate the cache.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# Query-string variants of one path (?page=2, ?q=water) stored in each PAGE_CACHE_SECONDS:
# beyond it they are rendered but not stored, so random values cannot fill the cache.
PAGE_CACHE_QUERY_VARIANTS = env.int("PAGE_CACHE_QUERY_VARIANTS", default=100)
# Entries each web process keeps a copy of, so a hit needs no trip to Redis; renewals reach
# every process through Redis pub/sub (portal/core/cache/local.py). 0: none. Redis only.
PAGE_CACHE_LOCAL_ENTRIES = env.int("PAGE_CACHE_LOCAL_ENTRIES", default=500)
# 0: a CDN may store public pages but must revalidate each time (ETag, 304). N: it may
# serve them for N seconds without asking, so pages can be N seconds behind a write.
PAGE_CACHE_CDN_SECONDS = env.int("PAGE_CACHE_CDN_SECONDS", default=0)
# Sessions in the database, never in the cache: with Redis down, staff stay signed in and
# forms keep working.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
