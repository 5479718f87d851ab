"""One client address for rate limits, axes and logs: X-Forwarded-For is believed only
from DJANGO_TRUSTED_PROXIES, read from the right."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsletter.models import Subscriber
from portal.core.client_address import parse_networks, resolve

pytestmark = pytest.mark.django_db

TRUSTED = parse_networks(["10.0.0.0/8", "fd00::/8"])


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "expected"),
    [
        # No trusted proxy: the header is ignored whatever it says.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        ("203.0.113.7", "10.0.0.1, 198.51.100.1", "203.0.113.7"),
        # Behind the proxy: the entry it appended, not what the client wrote before it.
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # Two trusted proxies in a row are skipped.
        ("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        # Only trusted proxies: the furthest one.
        ("10.0.0.2", "10.1.1.1, 10.0.0.9", "10.1.1.1"),
        # IPv6, written bare, in brackets, with a port; IPv4-mapped becomes IPv4.
        ("fd00::2", "2001:db8::1", "2001:db8::1"),
        ("10.0.0.2", "[2001:db8::1]:4431", "2001:db8::1"),
        ("::ffff:10.0.0.2", "::ffff:198.51.100.1", "198.51.100.1"),
        ("2001:db8::5", "198.51.100.1", "2001:db8::5"),
        ("10.0.0.2", "198.51.100.1:5555", "198.51.100.1"),
        # Garbage from a trusted peer: the last address it vouched for.
        ("10.0.0.2", "not-an-ip", "10.0.0.2"),
        ("10.0.0.2", "not-an-ip, 198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", ",,,", "10.0.0.2"),
        # A peer that is not an address at all.
        ("", "198.51.100.1", "unknown"),
        ("garbage", "198.51.100.1", "unknown"),
    ],
)
def test_resolve(remote_addr, forwarded_for, expected):
    assert resolve(remote_addr, forwarded_for, TRUSTED) == expected


@given(remote_addr=st.text(max_size=80), forwarded_for=st.text(max_size=400))
def test_resolve_never_raises_on_any_header(remote_addr, forwarded_for):
    result = resolve(remote_addr, forwarded_for, TRUSTED)
    assert result == "unknown" or result.replace(":", "").replace(".", "").isalnum()


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "expected"),
    [
        # A peer that is not an address is the trusted local proxy: its header is read.
        ("", "198.51.100.1", "198.51.100.1"),
        ("", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        ("unix:/run/portal.sock", "198.51.100.1, 10.0.0.9", "198.51.100.1"),
        ("", "", "unknown"),
        ("", "not-an-ip", "unknown"),
        # An address peer is still trusted only if listed.
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
    ],
)
def test_resolve_behind_a_unix_socket_proxy(remote_addr, forwarded_for, expected):
    assert resolve(remote_addr, forwarded_for, TRUSTED, trust_unix=True) == expected


def test_the_word_unix_is_accepted_among_the_trusted_proxies():
    assert parse_networks(["unix", "10.0.0.0/8", " UNIX "]) == parse_networks(["10.0.0.0/8"])


def test_a_malformed_trusted_proxy_list_is_refused():
    with pytest.raises(ValueError, match=r"proxy\.local"):
        parse_networks(["10.0.0.0/8", "proxy.local"])


# --- the public forms' rate limit, through the real views


@pytest.fixture
def subscribe(django_capture_on_commit_callbacks, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 3

    def post(client, n, **meta):
        data = {"email": f"visitor{n}@example.org", "language": "en", "consent": "on"}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/en/news/subscribe/", data, **meta).status_code

    return post


def test_a_forged_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit(
    client, subscribe, settings
):
    settings.TRUSTED_PROXIES = []
    codes = [
        subscribe(client, n, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]


def test_behind_a_trusted_proxy_each_visitor_has_their_own_counter(client, subscribe, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    flood = [
        subscribe(client, n, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1", **proxy)
        for n in range(5)
    ]
    assert flood == [302, 302, 302, 429, 429]
    # Another visitor through the same proxy is not blocked by the first one.
    assert subscribe(client, 10, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy) == 302
    # Nor can the flooder escape by writing another address before the proxy's entry.
    assert subscribe(client, 11, HTTP_X_FORWARDED_FOR="198.51.100.9, 198.51.100.1", **proxy) == 429
    assert Subscriber.objects.count() == 4


def test_ipv6_visitors_are_counted_per_64_network(client, subscribe, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    codes = [
        subscribe(client, n, HTTP_X_FORWARDED_FOR=f"2001:db8:1:2::{n + 1:x}", **proxy)
        for n in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]  # rotating inside one /64 does not help
    assert subscribe(client, 20, HTTP_X_FORWARDED_FOR="2001:db8:1:3::1", **proxy) == 302


@pytest.mark.parametrize(
    "forwarded_for",
    ["\x00", "[", "[::1", "::::", "999.1.1.1", "1.2.3.4:port", "é, ü", ", " * 5000, "a" * 10000],
)
def test_malformed_forwarded_for_never_fails_the_request(
    client, subscribe, settings, forwarded_for
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert subscribe(client, 1, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for) == 302
    assert subscribe(client, 2, REMOTE_ADDR="garbage", HTTP_X_FORWARDED_FOR=forwarded_for) == 302


def test_behind_a_unix_socket_proxy_each_visitor_has_their_own_counter(client, subscribe, settings):
    settings.TRUSTED_PROXIES = ["unix"]
    socket = {"REMOTE_ADDR": ""}
    flood = [subscribe(client, n, HTTP_X_FORWARDED_FOR="198.51.100.1", **socket) for n in range(5)]
    assert flood == [302, 302, 302, 429, 429]
    assert subscribe(client, 10, HTTP_X_FORWARDED_FOR="198.51.100.2", **socket) == 302


def test_without_unix_an_empty_peer_is_unknown_and_warned_about_once(
    client, subscribe, settings, caplog, monkeypatch
):
    from portal.core import client_address

    monkeypatch.setattr(client_address, "_warned_unknown", False)
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    with caplog.at_level("WARNING", logger="portal.core.client_address"):
        codes = [
            subscribe(client, n, REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
            for n in range(5)
        ]
        response = client.get("/en/", REMOTE_ADDR="")
    assert codes == [302, 302, 302, 429, 429]  # one shared counter: the header is not believed
    assert response.wsgi_request.META["portal.client_addr"] == "unknown"
    warnings = [r for r in caplog.records if r.name == "portal.core.client_address"]
    assert len(warnings) == 1
    assert "DJANGO_TRUSTED_PROXIES" in warnings[0].getMessage()
    assert "unix" in warnings[0].getMessage()


def test_the_resolved_address_is_left_for_the_access_log(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    response = client.get("/en/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert response.wsgi_request.META["portal.client_addr"] == "198.51.100.4"


def test_the_access_log_fields_hide_personal_link_tokens(client):
    from portal.core.access_log import PATH_KEY, REFERER_KEY

    response = client.get(
        "/en/news/subscription/Zq8_kP2xYt4WmN7rVb1LcD3s/?x=1",
        HTTP_REFERER="https://portal.example/fr/inscriptions/Ab_9xYt4WmN7rVb1LcD3sHj6/",
    )
    environ = response.wsgi_request.META
    assert environ[PATH_KEY] == "/en/news/subscription/[token]/?x=1"
    assert environ[REFERER_KEY] == "https://portal.example/fr/inscriptions/[token]/"
