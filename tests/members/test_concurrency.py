"""A sign-in link used twice at once (a double click, a scanner racing the person): exactly
one use succeeds. Real threads on their own connections, on either database."""

import re

import pytest
from django.test import Client

from members import services
from members.exceptions import InvalidLink
from tests.members.conftest import last_link_to
from tests.registrations.test_concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_simultaneous_uses_of_one_link_sign_in_once():
    services.sign_in_link_send(email="amina@example.org", language="en")
    token = re.search(r"/sign-in/([^/]+)/", last_link_to("amina@example.org"))[1]
    results = race(lambda _n: services.sign_in_link_use(token=token), 10)
    used = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, InvalidLink)]
    assert len(used) == 1 and len(refused) == 9, results


def test_two_simultaneous_posts_of_the_link_sign_in_one_browser():
    services.sign_in_link_send(email="amina@example.org", language="en")
    path = last_link_to("amina@example.org")
    responses = race(lambda _n: Client().post(path), 2)
    assert sorted(r.status_code for r in responses) == [302, 400]
