"""The visitor's address: one answer for rate limits, django-axes and the logs.

REMOTE_ADDR is the peer that opened the connection. Behind our reverse proxy that is the
proxy, which appends the address it saw to X-Forwarded-For. Any client can send that header
too, so it is believed only when the peer is one of settings.TRUSTED_PROXIES, and then read
from the right: each trusted proxy vouches for the entry to its left, and the first entry
that is not a trusted proxy is the client. With TRUSTED_PROXIES empty (the default) the
header is ignored entirely.

(django-ipware trusts proxies by string prefix and matches them against the header's
entries, not against the peer; the rule above is a few lines of `ipaddress`.)
"""

import functools
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# The WSGI environ key holding the resolved address, which gunicorn's access log prints
# (gunicorn.conf.py: `%({portal.client_addr}e)s`).
ENVIRON_KEY = "portal.client_addr"
UNKNOWN = "unknown"
# Entries read from X-Forwarded-For at most: a longer chain is not a real proxy chain.
MAX_HOPS = 20


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDRs ("10.0.0.1", "172.16.0.0/12", "fd00::/8"); ValueError if one is not."""
    return tuple(
        ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()
    )


@functools.lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


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


def resolve(remote_addr: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    peer = parse_address(remote_addr)
    if peer is None:
        return UNKNOWN
    client = peer
    if forwarded_for and _is_trusted(peer, trusted):
        for entry in reversed(forwarded_for.split(",")[-MAX_HOPS:]):
            address = parse_address(entry)
            if address is None:
                break  # garbage left of the trusted hops: keep the last address vouched for
            client = address
            if not _is_trusted(address, trusted):
                break
    return str(client)


def client_address(request: HttpRequest) -> str:
    """The client's address as a string ("unknown" if REMOTE_ADDR is not an address)."""
    cached = getattr(request, "_client_address", None)
    if cached is None:
        cached = resolve(
            request.META.get("REMOTE_ADDR", ""),
            request.META.get("HTTP_X_FORWARDED_FOR", ""),
            _trusted(tuple(settings.TRUSTED_PROXIES)),
        )
        request._client_address = cached
    return cached


def rate_limit_key(request: HttpRequest) -> str:
    """What a per-address counter counts: the address, or its /64 for IPv6, since one
    subscriber line gets a whole /64 and could otherwise rotate through it."""
    address = client_address(request)
    parsed = parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return address


class ClientAddressMiddleware:
    """Resolves the address once per request and leaves it in the WSGI environ, so the
    access log line carries the client rather than the proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.META[ENVIRON_KEY] = client_address(request)
        return self.get_response(request)
