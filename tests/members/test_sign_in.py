"""Signing in to My space by email link (issue 16, item 1): a link works once, for a short
time, for its purpose only; asking for one says nothing about the address; the session ends
on signing out and after MEMBER_SESSION_SECONDS."""

import re
import statistics
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members import links, services
from members.exceptions import InvalidLink
from members.models import SignInLink
from newsletter.models import Subscriber
from portal.core import privacy
from portal.core.access_log import redacted
from portal.core.member_session import SIGNED_IN_AT_KEY
from tests.members.conftest import last_link_to, link_path
from tests.newsletter.factories import SubscriberFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/en/my-space/sign-in/"
SPACE = "/en/my-space/"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def ask(client, email: str, **extra):
    return client.post(SIGN_IN, {"email": email, **extra})


# -- the link ---------------------------------------------------------------------------------
def test_asking_emails_a_link_that_signs_in_once(client):
    response = ask(client, "Amina@Example.org")
    assert response.status_code == 302 and response["Location"] == "/en/my-space/sign-in/sent/"
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert "15 minutes" in message.body and "ignore this email" in message.body
    path = link_path(message)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and f'{path}"' in html and "15 minutes" in html

    # Opening the link (as a mail scanner does) shows a button and uses nothing.
    for _n in range(2):
        page = client.get(path)
        assert page.status_code == 200
        assert "amina@example.org" in page.text and 'method="post"' in page.text
    assert client.get(SPACE).status_code == 302  # not signed in yet

    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == SPACE
    assert "amina@example.org" in client.get(SPACE).text
    assert SignInLink.objects.get().used_at is not None

    # Used: refused, in a page that offers a new link, whoever tries.
    for visitor in (client, client.__class__()):
        again = visitor.post(path)
        assert again.status_code == 400
        assert "This link does not work" in again.text
        assert 'action="/en/my-space/sign-in/"' in again.text


def test_the_link_is_used_by_one_update_only_one_of_two_uses_wins():
    link = services.sign_in_link_send(email="amina@example.org", language="en")
    token = re.search(r"/sign-in/([^/]+)/", last_link_to("amina@example.org"))[1]
    assert services.sign_in_link_use(token=token).pk == link.pk
    with pytest.raises(InvalidLink):
        services.sign_in_link_use(token=token)


def test_an_expired_link_is_refused(client):
    services.sign_in_link_send(email="amina@example.org", language="en")
    path = last_link_to("amina@example.org")
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert "it may have expired" in response.text
    assert client.get(SPACE).status_code == 302


def test_a_link_older_than_its_lifetime_is_refused_by_its_signature_too(client, settings):
    services.sign_in_link_send(email="amina@example.org", language="en")
    path = last_link_to("amina@example.org")
    settings.MEMBER_LINK_MINUTES = 0  # the row says it works; the signature is too old
    time.sleep(1.1)
    assert client.post(path).status_code == 400


def test_forged_tampered_and_other_purpose_links_are_refused(client):
    link = services.sign_in_link_send(email="amina@example.org", language="en")
    good = last_link_to("amina@example.org")
    token = re.search(r"/sign-in/([^/]+)/", good)[1]
    pk, secret = links.read_token(token, "sign-in")
    forged = [
        "not-a-token",
        signing.dumps([pk, secret], salt="another-key-salt"),  # not ours
        links.make_token(pk, "x" * 43, "sign-in"),  # signed (leaked key?) but wrong secret
        links.make_token(pk, secret, "delete-account"),  # made for another purpose
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature broken
    ]
    for bad in forged:
        response = client.post(f"/en/my-space/sign-in/{bad}/")
        assert response.status_code == 400, bad
    assert client.get(SPACE).status_code == 302
    link.refresh_from_db()
    assert link.used_at is None
    assert client.post(good).status_code == 302  # the real one still works


def test_the_database_keeps_a_hash_of_the_secret_never_the_secret():
    services.sign_in_link_send(email="amina@example.org", language="en")
    token = re.search(r"/sign-in/([^/]+)/", last_link_to("amina@example.org"))[1]
    _pk, secret = links.read_token(token, "sign-in")
    row = SignInLink.objects.values().get()
    assert secret not in str(row)
    assert row["secret_hash"] == links.secret_hash(secret)


def test_the_email_is_in_the_language_of_the_page_that_asked(client):
    client.post("/fr/mon-espace/connexion/", {"email": "awa@example.org"})
    [message] = mail.outbox
    assert message.subject == "Votre lien pour vous connecter à Mon espace"
    assert "15\u202fminutes" in message.body or "15 minutes" in message.body
    assert "/fr/mon-espace/connexion/" in message.body
    assert client.post(link_path(message))["Location"] == "/fr/mon-espace/"


# -- where the member goes after signing in ---------------------------------------------------
@pytest.mark.parametrize(
    "next_path",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", ""],
)
def test_next_is_a_local_path_only(client, next_path):
    ask(client, "amina@example.org", next=next_path)
    assert client.post(last_link_to("amina@example.org"))["Location"] == SPACE


def test_next_local_path_is_followed(client, sign_in_as):
    response = client.get("/en/my-space/my-data/erase/")
    assert (
        response["Location"] == "/en/my-space/sign-in/?next=%2Fen%2Fmy-space%2Fmy-data%2Ferase%2F"
    )
    form = client.get(response["Location"])
    assert 'value="/en/my-space/my-data/erase/"' in form.text
    ask(client, "amina@example.org", next="/en/my-space/my-data/erase/")
    response = client.post(last_link_to("amina@example.org"))
    assert response["Location"] == "/en/my-space/my-data/erase/"


# -- no enumeration ---------------------------------------------------------------------------
def comparable(response) -> tuple:
    clock = {"date", "expires"}
    headers = tuple(sorted((k, v) for k, v in response.items() if k.lower() not in clock))
    return response.status_code, headers, tuple(sorted(response.cookies)), response.content


@pytest.fixture
def known_address():
    """An address with data in two apps."""
    SubscriberFactory(email="known@example.org")
    RegistrationFactory(email="known@example.org")
    return "known@example.org"


def test_a_known_address_gets_the_same_answer_and_work_as_an_unknown_one(
    client, settings, known_address
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    answers, queries = [], []
    for email in (known_address, "nobody@example.org"):
        with CaptureQueriesContext(connection) as captured:
            answers.append(ask(client, email))
        queries.append(len(captured))
    assert comparable(answers[0]) == comparable(answers[1])
    assert queries[0] == queries[1]
    pages = [client.get(answer["Location"]) for answer in answers]
    assert len({(p.status_code, CSRF.sub(b"", p.content)) for p in pages}) == 1


def test_both_addresses_get_a_link_and_the_same_work_in_the_worker(known_address):
    services.sign_in_link_send(email="warm-up@example.org", language="en")  # site settings
    mail.outbox.clear()
    counts = []
    for email in (known_address, "nobody@example.org"):
        with CaptureQueriesContext(connection) as captured:
            services.sign_in_link_send(email=email, language="en")
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert sorted(m.to[0] for m in mail.outbox) == [known_address, "nobody@example.org"]


def timings(post, known: str, rounds: int) -> tuple[float, float]:
    for n in range(5):  # warm-up
        post(known)
        post(f"warm{n}@example.org")
    known_times, new_times = [], []
    for n in range(rounds):
        for times, email in ((known_times, known), (new_times, f"new{n}@example.org")):
            start = time.perf_counter()
            post(email)
            times.append(time.perf_counter() - start)
    return statistics.median(known_times), statistics.median(new_times)


def test_asking_takes_the_same_time_for_a_known_address(client, settings, known_address):
    # What production does: the request only queues the work.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.FORM_RATE_LIMIT_PER_HOUR = 10_000
    known, new = timings(lambda email: ask(client, email), known_address, 30)
    assert abs(known - new) < 0.25 * max(known, new), (known, new)
    assert SignInLink.objects.count() == 0  # the work waits in the queue


# -- rate limits ------------------------------------------------------------------------------
def test_too_many_requests_from_one_visitor_get_429_with_the_form(client, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 3
    for n in range(3):
        assert ask(client, f"p{n}@example.org").status_code == 302
    response = ask(client, "p9@example.org")
    assert response.status_code == 429
    assert "Too many attempts" in response.text and 'name="email"' in response.text
    assert len(mail.outbox) == 3


def test_one_address_gets_at_most_so_many_links_an_hour_silently(client, settings):
    settings.MEMBER_LINKS_PER_HOUR = 2
    answers = [ask(client, "amina@example.org") for _n in range(4)]
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, "/en/my-space/sign-in/sent/")
    }
    assert len(mail.outbox) == 2
    # An hour later, links go out again.
    SignInLink.objects.update(created_at=timezone.now() - timedelta(hours=1, seconds=1))
    ask(client, "amina@example.org")
    assert len(mail.outbox) == 3


def test_links_asked_by_someone_else_never_lock_the_owner_out(client, settings):
    settings.MEMBER_LINKS_PER_HOUR = 2
    for _n in range(3):  # a stranger, in Amina's name
        ask(client, "amina@example.org")
    assert len(mail.outbox) == 2  # both work: she can sign in with either
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    ask(client, "amina@example.org")  # they expired: she gets a new one within the hour
    assert len(mail.outbox) == 3


# -- the session ------------------------------------------------------------------------------
def test_signing_out_ends_the_session(client, sign_in_as):
    sign_in_as(client, "amina@example.org")
    assert client.get(SPACE).status_code == 200
    response = client.post("/en/my-space/sign-out/", follow=True)
    assert "You are signed out." in response.text
    assert client.get(SPACE)["Location"].startswith(SIGN_IN)


def test_signing_out_is_a_post(client, sign_in_as):
    sign_in_as(client, "amina@example.org")
    assert client.get("/en/my-space/sign-out/").status_code == 405
    assert client.get(SPACE).status_code == 200


def test_the_session_ends_after_member_session_seconds(client, sign_in_as, settings):
    sign_in_as(client, "amina@example.org")
    session = client.session
    session[SIGNED_IN_AT_KEY] = (
        timezone.now() - timedelta(seconds=settings.MEMBER_SESSION_SECONDS + 1)
    ).timestamp()
    session.save()
    assert client.get(SPACE)["Location"].startswith(SIGN_IN)


def test_signing_in_gives_a_new_session_key(client):
    client.get(SIGN_IN)
    client.session.save()
    before = client.cookies["sessionid"].value
    ask(client, "amina@example.org")
    client.post(last_link_to("amina@example.org"))
    assert client.cookies["sessionid"].value != before


def test_my_space_pages_are_never_cached(client, sign_in_as):
    sign_in_as(client, "amina@example.org")
    response = client.get(SPACE)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# -- personal data ----------------------------------------------------------------------------
def test_sign_in_links_are_personal_data_purged_after_a_day():
    services.sign_in_link_send(email="old@example.org", language="en")
    services.sign_in_link_send(email="new@example.org", language="en")
    SignInLink.objects.filter(email="old@example.org").update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    counts = privacy.retention_purge(dry_run=False)
    assert counts["members.signinlink"] == 1
    assert list(SignInLink.objects.values_list("email", flat=True)) == ["new@example.org"]
    # The export names the links, never their secret's hash.
    [row] = privacy.export_for_email("new@example.org")["records"]["members.signinlink"]
    assert "secret_hash" not in row


def test_the_token_in_the_link_is_hidden_from_the_access_log():
    services.sign_in_link_send(email="amina@example.org", language="en")
    path = last_link_to("amina@example.org")
    assert redacted(path) == "/en/my-space/sign-in/[token]/"


def test_a_signed_in_member_asking_for_the_sign_in_page_goes_to_my_space(client, sign_in_as):
    sign_in_as(client, "amina@example.org")
    assert client.get(SIGN_IN)["Location"] == SPACE


def test_a_new_address_signs_in_to_an_empty_my_space(client, sign_in_as):
    sign_in_as(client, "new@example.org")
    page = client.get(SPACE)
    assert "We hold nothing under this address yet." in page.text
    assert not Subscriber.objects.exists()
