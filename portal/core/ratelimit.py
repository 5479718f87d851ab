"""Per-address rate limits for public forms, counted in a cache shared by every web process
(settings.RATELIMIT_CACHE_ALIAS: Redis in production), so that the limit holds across
workers. The address is portal.core.client_address's: the proxy's X-Forwarded-For is believed
only from DJANGO_TRUSTED_PROXIES.

A view that takes a public form calls `refused(...)` once per POST, before validating the form:
over the limit it gets the page to answer with (status 429), else None."""

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.core.client_address import rate_limit_key


def hit(request: HttpRequest, scope: str, *, limit: int, period: int) -> bool:
    """Count one attempt; True when this address has gone over `limit` attempts in `period` s."""
    return hit_key(f"{scope}:{rate_limit_key(request)}", limit=limit, period=period)


def hit_key(name: str, *, limit: int, period: int) -> bool:
    """Count one attempt under `name` (a scope and who: an address, a user's id); True when
    it has gone over `limit` attempts in `period` s."""
    cache = caches[settings.RATELIMIT_CACHE_ALIAS]
    key = f"ratelimit:{name}"
    if cache.add(key, 1, period):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, period)
        return False
    return count > limit


def refused(
    request: HttpRequest,
    scope: str,
    *,
    form: forms.BaseForm,
    template: str,
    context: dict | None = None,
    limit: int | None = None,
    period: int = 3600,
) -> HttpResponse | None:
    """Count one submission of `form` in `scope`. Over the limit (settings.FORM_RATE_LIMIT_PER_HOUR
    per `period` seconds unless `limit` is given): `template` rendered again with the form and
    an error in the visitor's language, status 429. Under it: None, and the view goes on."""
    if limit is None:
        limit = settings.FORM_RATE_LIMIT_PER_HOUR
    if not hit(request, scope, limit=limit, period=period):
        return None
    form.add_error(None, _("Too many attempts from your connection. Please try again later."))
    return render(request, template, {**(context or {}), "form": form}, status=429)
