"""The visitor's address: one answer for rate limits, django-axes and the logs.

REMOTE_ADDR is the peer that opened the connection. Behind our reverse proxy that is the
proxy, which appends the address it saw to X-Forwarded-For. Any client can send that header
too, so it is believed only when the peer is one of settings.TRUSTED_PROXIES, and then read
from the right: each trusted proxy vouches for the entry to its left, and the first entry
that is not a trusted proxy is the client. With TRUSTED_PROXIES empty (the default) the
header is ignored entirely.

Behind a proxy that connects over a Unix socket, REMOTE_ADDR is empty (not an address). The
word `unix` in TRUSTED_PROXIES says that such a peer is the trusted local proxy, so its
X-Forwarded-For is read as above. Without it, the client is "unknown" (one shared counter for
every such visitor) and a warning is logged once per process.

(django-ipware trusts proxies by string prefix and matches them against the header's
entries, not against the peer; the rule above is a few lines of `ipaddress`.)
"""

import functools
import ipaddress
import logging
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# The WSGI environ key holding the resolved address, which gunicorn's access log prints
# (gunicorn.conf.py: `%({portal.client_addr}e)s`).
ENVIRON_KEY = "portal.client_addr"
UNKNOWN = "unknown"
# The TRUSTED_PROXIES entry meaning "a peer that is not an address (a Unix socket) is trusted".
UNIX = "unix"
# Entries read from X-Forwarded-For at most: a longer chain is not a real proxy chain.
MAX_HOPS = 20


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDRs ("10.0.0.1", "172.16.0.0/12", "fd00::/8"), skipping the word `unix`;
    ValueError if one is neither."""
    return tuple(
        ipaddress.ip_network(entry.strip(), strict=False)
        for entry in entries
        if entry.strip() and entry.strip().lower() != UNIX
    )


def trusts_unix(entries: Iterable[str]) -> bool:
    return any(entry.strip().lower() == UNIX for entry in entries)


@functools.lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[tuple[Network, ...], bool]:
    return parse_networks(entries), trusts_unix(entries)


def parse_address(value: str) -> Address | None:
    """An address from REMOTE_ADDR or one X-Forwarded-For entry, or None if it is not one.

    Accepts "[2001:db8::1]", "[2001:db8::1]:443" and "192.0.2.1:80" as some proxies write
    them; IPv4-mapped IPv6 ("::ffff:192.0.2.1") becomes the IPv4 address.
    """
    value = value.strip()
    if not value or len(value) > 64:
        return None
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.partition(":")[0]
    value = value.partition("%")[0]  # an IPv6 zone id is local to the sender
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def resolve(
    remote_addr: str, forwarded_for: str, trusted: tuple[Network, ...], trust_unix: bool = False
) -> str:
    """The client address; with trust_unix, a peer that is not an address is a trusted proxy."""
    peer = parse_address(remote_addr)
    if peer is None and not trust_unix:
        return UNKNOWN
    client = peer
    if forwarded_for and (peer is None or _is_trusted(peer, trusted)):
        for entry in reversed(forwarded_for.split(",")[-MAX_HOPS:]):
            address = parse_address(entry)
            if address is None:
                break  # garbage left of the trusted hops: keep the last address vouched for
            client = address
            if not _is_trusted(address, trusted):
                break
    return UNKNOWN if client is None else str(client)


logger = logging.getLogger(__name__)
_warned_unknown = False


def _warn_unknown_once(remote_addr: str) -> None:
    global _warned_unknown
    if not _warned_unknown:
        _warned_unknown = True
        logger.warning(
            "REMOTE_ADDR %r is not an address: every such visitor shares the client address "
            "%r in rate limits and the admin lockout. Behind a proxy on a Unix socket, add "
            "'unix' to DJANGO_TRUSTED_PROXIES.",
            remote_addr[:64],
            UNKNOWN,
        )


def client_address(request: HttpRequest) -> str:
    """The client's address as a string ("unknown" if REMOTE_ADDR is not an address)."""
    cached = getattr(request, "_client_address", None)
    if cached is None:
        remote_addr = request.META.get("REMOTE_ADDR", "")
        forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = tuple(settings.TRUSTED_PROXIES)
        if len(remote_addr) + len(forwarded_for) <= RESOLVED_INPUT_MAX:
            cached, peer_unknown = _resolved(remote_addr, forwarded_for, entries)
        else:
            cached, peer_unknown = _resolved.__wrapped__(remote_addr, forwarded_for, entries)
        if peer_unknown:
            _warn_unknown_once(remote_addr)
        request._client_address = cached
    return cached


# The same peers and headers come back request after request: parsing them again was a
# fifth of the time a cached page takes. Only short inputs are kept (a long forged
# X-Forwarded-For is resolved each time), so the cache stays small.
RESOLVED_INPUT_MAX = 200


@functools.lru_cache(maxsize=4096)
def _resolved(remote_addr: str, forwarded_for: str, entries: tuple[str, ...]) -> tuple[str, bool]:
    """The client address, and whether the peer is not an address while no Unix socket proxy
    is trusted (a warning is due)."""
    networks, trust_unix = _trusted(entries)
    client = resolve(remote_addr, forwarded_for, networks, trust_unix)
    return client, not trust_unix and parse_address(remote_addr) is None


def rate_limit_key(request: HttpRequest) -> str:
    """What a per-address counter counts: the address, or its /64 for IPv6, since one
    subscriber line gets a whole /64 and could otherwise rotate through it."""
    address = client_address(request)
    parsed = parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return address


def axes_client_key(request: HttpRequest) -> str | None:
    """What django-axes counts as one address: rate_limit_key's value (so an IPv6 /64 is one
    address), or None when the address is unknown (axes stores it in an inet column, which
    refuses the word "unknown" on PostgreSQL)."""
    key = rate_limit_key(request)
    return None if key == UNKNOWN else key


class ClientAddressMiddleware:
    """Resolves the address once per request and leaves it in the WSGI environ, so the
    access log line carries the client rather than the proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        note_client_address(request)
        return self.get_response(request)


def note_client_address(request: HttpRequest) -> None:
    """Leave the client's address where the access log reads it (also for the page cache's
    answers made before Django's handler: portal/core/cache/wsgi.py)."""
    request.META[ENVIRON_KEY] = client_address(request)
