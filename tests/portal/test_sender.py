"""Every email is sent from the site's name in the recipient's language (site settings) and
the address of DEFAULT_FROM_EMAIL; sent through a real SMTP server and parsed back."""

from email.headerregistry import Address

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from newsletter.emails import IssueRenderer, confirmation_message
from portal.core.emails import sender
from portal.core.models import SiteSettings
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.newsletter.smtp import smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def from_address(settings):
    settings.DEFAULT_FROM_EMAIL = "Old name <noreply@portal.example.org>"


def sent_from(settings, *messages) -> list[Address]:
    with smtp_server(settings) as server:
        mail.get_connection().send_messages(list(messages))
    return [parsed["From"].addresses[0] for parsed in server.parsed()]


def test_sender_name_is_the_site_name_in_each_language():
    SiteSettings.load()  # a fresh install: named from the catalogue in each language
    assert sender("en") == "Diaspora Portal <noreply@portal.example.org>"
    assert sender("fr") == "Portail de la diaspora <noreply@portal.example.org>"


def test_subscription_emails_come_from_the_site_name_in_the_subscribers_language(settings):
    english = SubscriberFactory(language="en", status="pending")
    french = SubscriberFactory(language="fr", status="pending")
    addresses = sent_from(settings, confirmation_message(english), confirmation_message(french))
    assert [(a.display_name, a.addr_spec) for a in addresses] == [
        ("Diaspora Portal", "noreply@portal.example.org"),
        ("Portail de la diaspora", "noreply@portal.example.org"),
    ]


def test_issue_emails_come_from_the_site_name_in_the_readers_language(settings):
    issue = IssueFactory(title_en="Spring news", title_fr="Nouvelles du printemps")
    ArticleFactory(issue=issue)
    renderer = IssueRenderer(issue)
    messages = [renderer.message(SubscriberFactory(language=code)) for code in ("fr", "en")]
    addresses = sent_from(settings, *messages)
    assert [a.display_name for a in addresses] == ["Portail de la diaspora", "Diaspora Portal"]


def test_a_name_with_accents_and_a_comma_is_encoded_and_reads_back_whole(settings):
    site = SiteSettings.load()
    site.site_name_fr = "Portail de la diaspora – Bénin, Niger"
    site.save()
    reader = SubscriberFactory(language="fr", status="pending")
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    messages = [confirmation_message(reader), IssueRenderer(issue).message(reader)]
    with smtp_server(settings) as server:
        mail.get_connection().send_messages(messages)
    for (_rcpt, raw), parsed in zip(server.messages, server.parsed(), strict=True):
        from_line = next(line for line in raw.splitlines() if line.startswith(b"From:"))
        assert from_line.isascii() and b"=?utf-8?" in from_line  # RFC 2047
        [address] = parsed["From"].addresses
        assert address.display_name == "Portail de la diaspora – Bénin, Niger"
        assert address.addr_spec == "noreply@portal.example.org"


@pytest.mark.parametrize("field", ["site_name_en", "short_name_fr", "organisation_name_fr"])
@pytest.mark.parametrize("value", ["Portal\r\nBcc: x@example.org", "Portal\nline", "Tab\x0bbed"])
def test_a_name_with_a_line_break_or_control_character_is_refused(field, value):
    site = SiteSettings.load()
    setattr(site, field, value)
    with pytest.raises(ValidationError) as refused:
        site.full_clean()
    assert "without line breaks or control characters" in str(refused.value.message_dict[field])


def test_a_saved_name_with_a_line_break_still_sends_email(settings):
    """A name saved past the form (a shell, an import) is a second line of defence."""
    site = SiteSettings.load()
    site.site_name_en = "Diaspora\r\nPortal"
    site.save()
    assert sender("en") == "Diaspora Portal <noreply@portal.example.org>"
    reader = SubscriberFactory(language="en", status="pending")
    [address] = sent_from(settings, confirmation_message(reader))
    assert address.display_name == "Diaspora Portal"
