"""gunicorn settings, read by `gunicorn portal.wsgi` from the working directory.

Every value can be overridden by an environment variable, so one image fits a small VM and
a large host alike.
"""

import os


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default  # an empty variable counts as unset


bind = _env("GUNICORN_BIND", f"0.0.0.0:{_env('PORT', '8000')}")
# Sync workers: pages are rendered from the cache or with a few short queries, so one
# worker per request in flight; 2 per CPU plus one keeps the CPUs busy while some wait on
# the database.
workers = int(_env("WEB_CONCURRENCY", str(2 * _cpus() + 1)))
threads = int(_env("GUNICORN_THREADS", "1"))
timeout = int(_env("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak in any library cannot grow forever. Not too
# often: a worker serving cached pages answers over a thousand requests a second, and each
# restart costs a fork, a new Redis subscription and empty per-process caches (at 2,000 the
# restarts took a fifth of the cached-page rate in bench/pages.py). Our own per-process
# caches are bounded (page-cache copies, known tags, search texts).
max_requests = int(_env("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# Load the app once before forking: less memory, and a broken setting fails at start.
preload_app = True
# Heartbeat files in memory: a container's /tmp may be a slow overlay.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Trust X-Forwarded-* only from the reverse proxy (set to its address, or "*" in a
# private network where only the proxy can reach gunicorn).
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1")
# "-": to stdout; GUNICORN_ACCESS_LOG=off for none (benchmarks).
accesslog = None if _env("GUNICORN_ACCESS_LOG", "-") == "off" else _env("GUNICORN_ACCESS_LOG", "-")
# The first field is the client address the app resolved (portal/core/client_address.py:
# X-Forwarded-For from DJANGO_TRUSTED_PROXIES only), not the proxy's; "-" if none was set.
# Path and referer as the app leaves them (portal/core/access_log.py): personal-link tokens hidden.
# The last field says which page-cache layer answered: copy (before Django), hit, miss, "-".
access_log_format = (
    '%({portal.client_addr}e)s %(l)s %(u)s %(t)s "%(m)s %({portal.log_path}e)s %(H)s" '
    '%(s)s %(b)s "%({portal.log_referer}e)s" "%(a)s" %({portal.page_cache}e)s'
)
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
