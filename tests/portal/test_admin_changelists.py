"""The staff changelists that grow to 10,000 rows (applications, event registrations,
newsletter subscribers): their queries do not grow with the rows, and their filters stay a
few links tall however many countries, calls, sessions or sources the rows hold
(portal.core.admin_filters). The timings are bench/admin_changelists.py's."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_countries import countries

from newsletter.models import Subscriber
from tests.events.factories import SessionFactory
from tests.newsletter.factories import SubscriberFactory
from tests.projects.factories import CallFactory
from tests.registrations.factories import ApplicationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("admin:registrations_application_changelist")
REGISTRATIONS = reverse("admin:registrations_registration_changelist")
SUBSCRIBERS = reverse("admin:newsletter_subscriber_changelist")
CODES = [code for code, _name in countries][:200]


def add_applications(count: int, start: int) -> None:
    """`count` applications, a new call for every 10 and each from its own country."""
    call = None
    for n in range(start, start + count):
        if n % 10 == 0 or call is None:
            call = CallFactory()
        code = CODES[n % len(CODES)]
        ApplicationFactory(call=call, country_of_origin=code, country_of_residence=code)


def add_registrations(count: int, start: int) -> None:
    """`count` registrations, a new session (of a new event) for every 5."""
    session = None
    for n in range(start, start + count):
        if n % 5 == 0 or session is None:
            session = SessionFactory()
        code = CODES[n % len(CODES)]
        RegistrationFactory(session=session, country_of_origin=code, country_of_residence=code)


def add_subscribers(count: int, start: int) -> None:
    """`count` subscribers, from a new source for every 5 (sources are free text)."""
    for n in range(start, start + count):
        SubscriberFactory(source=f"source {n // 5}", language="fr" if n % 2 else "en")


CHANGELISTS = {
    "applications": (APPLICATIONS, add_applications, {"status__exact": "new", "q": "cand"}),
    "registrations": (REGISTRATIONS, add_registrations, {"status__exact": "confirmed", "q": "per"}),
    "subscribers": (SUBSCRIBERS, add_subscribers, {"status__exact": "confirmed", "q": "read"}),
}


def queries(client, url: str, params: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(admin_client, name):
    url, add, filtered = CHANGELISTS[name]
    add(10, 0)
    admin_client.get(url)  # the site settings and content types, read once and kept
    few = [queries(admin_client, url, {}), queries(admin_client, url, filtered)]
    add(190, 10)
    many = [queries(admin_client, url, {}), queries(admin_client, url, filtered)]
    assert [len(q) for q in many] == [len(q) for q in few], many


def options(block: str) -> int:
    """The values offered in a filter's list (its empty first choice aside)."""
    return len(re.findall(r'<option value="[^"]', block))


def filter_block(html: str, title: str) -> str:
    """The filter section titled `title` in the changelist's filter column."""
    match = re.search(rf'<details data-filter-title="{re.escape(title)}".*?</details>', html, re.S)
    assert match, title
    return match.group(0)


@pytest.mark.parametrize(
    ("language", "origin", "residence"),
    [
        ("en", "country of origin", "country of residence"),
        ("fr", "pays d’origine", "pays de résidence"),
    ],
)
def test_country_filters_stay_small_with_200_countries(admin_client, language, origin, residence):
    add_applications(200, 0)
    ApplicationFactory(country_of_origin="RW", country_of_residence="BE")  # RW: the most frequent
    html = admin_client.get(APPLICATIONS, headers={"accept-language": language}).text
    for title in (origin, residence):
        block = filter_block(html, title)
        assert block.count("<a ") <= 11  # "All" and the 10 most frequent countries
        assert options(block) == 200  # every country present, in one list
    assert html[html.index('id="changelist-filter"') :].count("<a ") < 60
    assert "?country_of_origin=RW" in filter_block(html, origin)  # the most frequent first


def test_country_chosen_from_the_list_is_shown_and_keeps_the_other_filters(admin_client):
    add_applications(30, 0)
    rare = CODES[25]
    response = admin_client.get(
        APPLICATIONS, {"country_of_origin": rare, "status__exact": "new", "q": "cand"}
    )
    assert [a.country_of_origin.code for a in response.context["cl"].result_list] == [rare]
    block = filter_block(response.text, "country of origin")
    assert re.search(rf'<li class="selected">\s*<a href="[^"]*country_of_origin={rare}', block)
    assert f'<option value="{rare}" selected>' in block
    assert '<input type="hidden" name="status__exact" value="new">' in block
    assert '<input type="hidden" name="q" value="cand">' in block
    assert 'name="country_of_origin"' not in block.split("<select")[0].split("<form")[-1]


def test_session_and_event_filters_stay_small_and_filter(admin_client):
    add_registrations(100, 0)  # 20 sessions of 20 events
    session = SessionFactory()
    RegistrationFactory(session=session, name="Only here")
    html = admin_client.get(REGISTRATIONS).text
    for title in ("session", "event"):
        block = filter_block(html, title)
        assert block.count("<a ") <= 11
        assert options(block) == 21
    # Django's own parameters: the check-in and review pages' links keep working.
    for params in (
        {"session__id__exact": session.pk},
        {"session__event__id__exact": session.event_id},
    ):
        response = admin_client.get(REGISTRATIONS, params)
        assert response.status_code == 200, (params, response.headers.get("Location"))
        assert [r.name for r in response.context["cl"].result_list] == ["Only here"]


def test_subscriber_source_filter_stays_small(admin_client):
    add_subscribers(100, 0)  # 20 sources
    response = admin_client.get(SUBSCRIBERS)
    block = filter_block(response.text, "source")
    assert block.count("<a ") <= 11
    assert options(block) == 20
    filtered = admin_client.get(SUBSCRIBERS, {"source__exact": "source 19"})
    assert len(filtered.context["cl"].result_list) == 5


@pytest.mark.parametrize("value", ["x", "\u00b2", "\u0661\u0662", "9" * 30, "1;DROP"])
def test_a_filter_value_that_is_not_an_id_is_no_error(admin_client, value):
    """Superscript two passes str.isdigit() and then fails int(): it was a 500."""
    add_registrations(5, 0)
    response = admin_client.get(REGISTRATIONS, {"session__id__exact": value})
    assert response.status_code in (200, 302)


def test_date_hierarchy_from_the_first_and_last_dates_not_every_row(admin_client):
    add_subscribers(3, 0)
    first = Subscriber.objects.order_by("pk").first()
    Subscriber.objects.filter(pk=first.pk).update(created_at=datetime(2024, 11, 5, 12, tzinfo=UTC))
    Subscriber.objects.exclude(pk=first.pk).update(created_at=datetime(2026, 2, 5, 12, tzinfo=UTC))
    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(SUBSCRIBERS)
    years = re.findall(r'<a href="\?created_at__year=(\d+)">', response.text)
    assert years == ["2024", "2025", "2026"]  # 2025 has no row: listed between the two
    assert not [q for q in captured.captured_queries if "DISTINCT" in q["sql"]]
    months = admin_client.get(SUBSCRIBERS, {"created_at__year": "2026"}).text
    assert sorted(set(re.findall(r"created_at__month=(\d+)", months))) == ["2"]
