"""The one email builder (portal.core.emails): text and HTML in the recipient's language,
CSS inlined, headers and attachments passed through."""

from email import message_from_bytes, policy

import pytest
from django.utils.translation import gettext_lazy

from portal.core.emails import email_message, render_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def templates(settings, tmp_path):
    (tmp_path / "greeting.txt").write_text(
        '{% load i18n %}{% translate "Newsletter" %}, {{ name }}'
    )
    (tmp_path / "greeting.html").write_text(
        '{% load i18n %}<html lang="{{ LANGUAGE_CODE }}"><head><style>p { color: red; }</style>'
        '</head><body><p>{% translate "Newsletter" %}, {{ name }}</p></body></html>'
    )
    (tmp_path / "plain.txt").write_text("Only text, {{ name }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


def test_text_and_html_are_rendered_in_the_recipient_language_with_css_inlined(templates):
    message = email_message(
        "greeting", {"name": "Awa"}, subject="Hello", to=["awa@example.org"], language="fr"
    )
    [(html, mimetype)] = message.alternatives
    assert (message.subject, message.to, mimetype) == ("Hello", ["awa@example.org"], "text/html")
    assert message.body == "Lettre d’information, Awa"
    assert "<style" not in html
    assert '<p style="color: red;">Lettre d’information, Awa</p>' in html


def test_headers_and_attachments_are_passed_to_the_message(templates):
    message = email_message(
        "greeting",
        {"name": "Awa"},
        subject="Hello",
        to=["awa@example.org"],
        language="en",
        headers={"List-Unsubscribe": "<https://example.org/u/>"},
        attachments=[("event.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert parsed["List-Unsubscribe"] == "<https://example.org/u/>"
    assert [part.get_filename() for part in parsed.iter_attachments()] == ["event.ics"]
    assert parsed.get_body(("plain",)).get_content().startswith("Newsletter, Awa")


def test_an_email_without_html_template_is_plain_text(templates):
    message = email_message(
        "plain", {"name": "Awa"}, subject="Hi", to=["awa@example.org"], language="en"
    )
    assert message.alternatives == []
    assert message.message().get_content_type() == "text/plain"


def test_a_lazy_subject_is_translated_in_the_recipient_language(templates):
    rendered = render_email(
        "plain", {"name": "Awa"}, subject=gettext_lazy("Newsletter"), language="fr"
    )
    assert rendered.subject == "Lettre d’information"
