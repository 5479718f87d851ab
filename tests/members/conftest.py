import re

import pytest
from django.core import mail

from members import services

LINK = re.compile(r"^https?://[^/\s]+(/\w+/[\w-]+/[\w-]+/[\w:-]+/)$", re.MULTILINE)


def link_path(message) -> str:
    """The sign-in link's path in an email."""
    return LINK.search(message.body)[1]


def last_link_to(email: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [email]][-1:]
    return link_path(message)


@pytest.fixture
def sign_in_as():
    """Sign `client` in as `email` through a real emailed link (the way a member does)."""

    def sign_in(client, email: str, language: str = "en"):
        services.sign_in_link_send(email=email, language=language)
        response = client.post(last_link_to(email.lower()))
        assert response.status_code == 302, response.content
        return client

    return sign_in
