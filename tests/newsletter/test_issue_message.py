"""Each reader's issue message is built from parts made once per language (newsletter/emails.py):
the bytes must be those Django's own message() gives for the same content."""

import re
from email.errors import HeaderParseError
from email.generator import BytesGenerator
from email.policy import compat32
from io import BytesIO

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText
from hypothesis import given, settings
from hypothesis import strategies as st

from newsletter import emails
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory


def comparable(email) -> bytes:
    data = email.message().as_bytes(linesep="\r\n")
    boundary = re.search(rb'boundary="([^"]+)"', data).group(1)
    data = re.sub(rb"(Message-ID|Date): [^\r]*\r\n", b"", data)
    # Boundaries of other lengths: the Content-Type header folded or not.
    return data.replace(b";\r\n boundary=", b"; boundary=").replace(boundary, b"BOUNDARY")


def ordinary(message) -> EmailMultiAlternatives:
    """The same content as an ordinary Django message."""
    copy = EmailMultiAlternatives(
        message.subject,
        message.body,
        from_email=message.from_email,
        to=message.to,
        headers=message.extra_headers,
    )
    copy.attach_alternative(*message.alternatives[0])
    return copy


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "body",
    [
        "A short summary, with “quotes” and an accent: é.",
        # One word longer than SMTP's line limit: no line break can save it, so the message
        # is left to Django, which sends it quoted-printable.
        "é" * 1200,
    ],
    ids=["8bit", "too-long-for-8bit"],
)
def test_a_readers_message_is_the_one_django_would_build(db, language, body):
    issue = IssueFactory(title_en="Spring news: a long title that needs folding " * 2)
    ArticleFactory(issue=issue, summary_en=body, summary_fr=body)
    message = emails.IssueRenderer(issue).message(SubscriberFactory(language=language))

    assert comparable(message) == comparable(ordinary(message))
    encoding = "quoted-printable" if len(body) > 1000 else "8bit"
    assert f"Content-Transfer-Encoding: {encoding}".encode() in comparable(message)


def test_a_changed_subject_is_built_by_django(db):
    """A test send prefixes the subject: the edition's encoded subject no longer applies."""
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    message = emails.IssueRenderer(issue).message(SubscriberFactory(language="fr"))
    message.subject = f"[TEST FR] {message.subject}"

    assert message.message()["Subject"] == ordinary(message).message()["Subject"]
    assert message.message()["Subject"] != message.edition.encoded_subject


header_names = st.sampled_from(["To", "Subject", "List-Unsubscribe", "Message-ID", "X-Long-Name"])
header_values = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=120
) | st.text(max_size=40)


@settings(max_examples=1000)
@given(name=header_names, value=header_values)
def test_the_header_folding_writes_what_compat32_writes(name, value):
    policy = emails.HEADER_FOLDING.clone(linesep="\r\n")
    try:
        expected = compat32.clone(linesep="\r\n").fold_binary(name, value)
    except HeaderParseError:  # a value that would smuggle in a header: refused alike
        with pytest.raises(HeaderParseError):
            policy.fold_binary(name, value)
        return
    assert policy.fold_binary(name, value) == expected


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_links_reversed_once_per_language_are_the_readers_own(db, language):
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    subscriber = SubscriberFactory(language=language)
    message = emails.IssueRenderer(issue).message(subscriber)

    [token] = set(re.findall(r"/([^/\s]+:[^/\s]+:[^/\s]+)/", message.body))
    assert emails.manage_url(subscriber, token) in message.body
    assert emails.manage_url(subscriber, token) in message.alternatives[0][0]
    assert (
        message.extra_headers["List-Unsubscribe"] == f"<{emails.one_click_url(subscriber, token)}>"
    )
    assert emails.SLOT not in message.body + message.extra_headers["List-Unsubscribe"]


def generated(mime) -> bytes:
    """What the email package's own generator writes for `mime` (the SMTP backend's CRLF)."""
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False).flatten(mime, linesep="\r\n")
    return out.getvalue()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "email", ["a@example.org", "a.very.long.local.part.for.folding" * 2 + "@example.org"]
)
def test_the_bytes_serialised_once_per_language_are_those_the_generator_writes(db, language, email):
    issue = IssueFactory(title_en="Spring news: a long title that needs folding " * 2)
    ArticleFactory(issue=issue, summary_en="Café “news”", summary_fr="Nouvelles « café »")
    message = emails.IssueRenderer(issue).message(
        SubscriberFactory(language=language, email=email), delivery_id=12345
    )
    mime = message.message()

    assert mime.wire  # the per-language bytes are used
    assert mime.as_bytes(linesep="\r\n") == generated(mime)
    assert message.manage.encode() in mime.as_bytes(linesep="\r\n")


def test_a_message_changed_after_it_was_built_is_serialised_by_the_generator(db):
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    message = emails.IssueRenderer(issue).message(SubscriberFactory(language="fr"))
    message.body += "\nP.S. One more thing."
    mime = message.message()
    assert not mime.wire
    assert b"P.S. One more thing." in mime.as_bytes(linesep="\r\n")

    message = emails.IssueRenderer(issue).message(SubscriberFactory(language="fr"))
    mime = message.message()
    mime.attach(SafeMIMEText("An added part", "plain", "utf-8"))
    assert mime.as_bytes(linesep="\r\n") == generated(mime)
    assert b"An added part" in mime.as_bytes(linesep="\r\n")
