"""The production SMTP backend (portal/core/mail_smtp.py): Django's, with a shortcut for
plain envelope addresses that must give exactly what Django's sanitize_address gives."""

import ast
import inspect
import textwrap

import pytest
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import sanitize_address as django_sanitize_address
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.core import mail_smtp
from portal.core.mail_smtp import _PLAIN, EmailBackend, sanitize_address
from tests.newsletter.smtp import smtp_server

ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-"


def outcome(function, addr):
    """What `function(addr, "utf-8")` gives, or the type of what it raises."""
    try:
        return function(addr, "utf-8")
    except Exception as exc:  # compared by type: both must fail the same way
        return type(exc)


def encoded_word_in_address(addr) -> bool:
    spec = addr[1] if isinstance(addr, tuple) else str(addr).rpartition("<")[2]
    return "=?" in spec


def expected(addr):
    """Django's outcome, but ValueError for an encoded word in the address (on purpose)."""
    return ValueError if encoded_word_in_address(addr) else outcome(django_sanitize_address, addr)


atoms = st.text(alphabet=ATEXT, min_size=1, max_size=12)
labels = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", fullmatch=True)
plain = st.builds(
    lambda local, host: ".".join(local) + "@" + ".".join(host),
    st.lists(atoms, min_size=1, max_size=3),
    st.lists(labels, min_size=1, max_size=4),
)
# Near misses: plain addresses with something spliced in (a name, a dot, a quote, a space,
# non-ASCII, a newline, a second @, a long label, an RFC 2047 encoded word), and any text.
splices = st.sampled_from(
    [
        *('"', " ", ".", "..", "@", "é", "\n", "\r", "<", ">", "(", ",", "[", "\\"),
        *("x" * 64, "日本", "=?utf-8?q?", "?=", "=?utf-8?q?victim=40evil.example?=", "=?"),
    ]
)
near_misses = st.builds(
    lambda address, where, piece: address[:where] + piece + address[where:],
    plain,
    st.integers(min_value=0, max_value=40),
    splices,
)


@settings(max_examples=400, deadline=None)
@given(plain.filter(lambda addr: "=?" not in addr))
def test_a_plain_address_is_its_own_sanitised_form(addr):
    assert _PLAIN.fullmatch(addr)  # the shortcut is taken
    assert sanitize_address(addr, "utf-8") == django_sanitize_address(addr, "utf-8") == addr


@settings(max_examples=600, deadline=None)
@given(st.one_of(near_misses, st.text(max_size=40)))
def test_any_other_address_gets_what_django_gives(addr):
    assert outcome(sanitize_address, addr) == expected(addr)


@pytest.mark.parametrize(
    "addr",
    [
        "Reader <reader@example.org>",
        "Lecteur Élise <elise@example.org>",
        "élise@example.org",
        "reader@exämple.org",
        '"two words"@example.org',
        "a..b@example.org",
        ".a@example.org",
        "a.@example.org",
        "reader@[127.0.0.1]",
        "reader@" + "x" * 64 + ".org",
        "reader@example.org\nBcc: victim@example.org",
        "reader@example.org\r",
        "reader",
        "",
        ("Reader", "reader@example.org"),
        ("Reader\n", "reader@example.org"),
    ],
)
def test_the_addresses_the_shortcut_leaves_to_django(addr):
    assert not (isinstance(addr, str) and _PLAIN.fullmatch(addr))
    assert outcome(sanitize_address, addr) == outcome(django_sanitize_address, addr)


@pytest.mark.parametrize(
    "addr",
    [
        "=?utf-8?q?x?=@example.com",  # Django: x@example.com
        "=?utf-8?q?victim=40evil.example?=@example.com",  # Django: "victim@evil.example"@…
        "Reader <=?utf-8?q?victim?=@example.org>",
        ("Reader", "=?utf-8?b?dmljdGlt?=@example.org"),
    ],
)
def test_an_encoded_word_in_the_address_is_refused_not_decoded(addr):
    """Django decodes it into another address: the email would go to someone else."""
    with pytest.raises(ValueError, match="encoded word"):
        sanitize_address(addr, "utf-8")


def test_an_encoded_word_in_the_name_is_still_djangos_to_decode():
    addr = "=?utf-8?q?=C3=89lise?= <elise@example.org>"
    assert sanitize_address(addr, "utf-8") == django_sanitize_address(addr, "utf-8")


def body_of(function) -> str:
    """The function's code without its docstring and comments (ast drops comments)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
    if isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant):
        tree.body = tree.body[1:]
    return ast.dump(tree)


def test_send_is_djangos_own_but_for_the_address_function():
    """The backend copies Django's _send to call another sanitize_address: after a Django
    upgrade that changed _send, this fails until the copy is made again."""
    assert body_of(EmailBackend._send) == body_of(DjangoSMTPBackend._send)
    assert EmailBackend._send.__globals__["sanitize_address"] is mail_smtp.sanitize_address


def test_messages_go_out_over_a_real_smtp_socket(settings):
    with smtp_server(settings) as handler:
        assert settings.EMAIL_BACKEND == "portal.core.mail_smtp.EmailBackend"
        with get_connection() as connection:
            assert isinstance(connection, EmailBackend)
            sent = connection.send_messages(
                [
                    EmailMessage("One", "Body", "Portal <noreply@example.org>", ["a@example.org"]),
                    EmailMessage("Two", "Body", "noreply@example.org", ["Élise <e@exämple.org>"]),
                ]
            )
    assert sent == 2
    assert sorted(rcpt for rcpt, _data in handler.messages) == [
        ["a@example.org"],
        ["e@xn--exmple-cua.org"],  # the name dropped by smtplib, the host in IDNA form
    ]


@pytest.mark.django_db
def test_a_subscription_with_an_encoded_word_sends_nobody_anything(
    client, settings, django_capture_on_commit_callbacks
):
    """Through the real form and SMTP: Django's own backend would send the confirmation to
    victim@example.org, decoded from the address typed."""
    data = {"email": "=?utf-8?q?victim?=@example.org", "language": "en", "consent": "on"}
    with smtp_server(settings) as handler, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/news/subscribe/", data)
    assert response.status_code in (200, 302)  # refused or queued: never an error page
    assert handler.messages == []
