"""Full URLs for links that leave the request: emails, calendar files, anything a task builds.

They are built on settings.SITE_URL, the one public address of the site, never on the Host of
whatever request happens to be running (there is none in a task, and an email or a calendar
entry must not depend on it). A page that links to itself (canonical, JSON-LD, hreflang) keeps
using `request.build_absolute_uri`: it answers on the host it was asked on.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (from reverse(), get_absolute_url() or a file's .url) as a full URL on SITE_URL;
    a URL that is already absolute (media on another host) is returned as it is."""
    if urlsplit(path).scheme:
        return path
    return f"{settings.SITE_URL}{path}"


def site_host() -> str:
    """The host name of SITE_URL (for identifiers such as calendar UIDs)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"
