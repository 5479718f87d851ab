"""Which members an item reaches: by country, by sector, empty meaning all; only items made
after their alerts started; only public items."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts import services
from alerts.models import AlertItem, AlertSubscription
from tests.alerts.factories import AlertSubscriptionFactory
from tests.events.factories import EventFactory, SessionFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory
from tests.projects.factories import CallFactory, CountryFactory, ProjectFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    rwanda, niger, belgium = (
        CountryFactory(code="RW", name_en="Rwanda"),
        CountryFactory(code="NE", name_en="Niger"),
        CountryFactory(code="BE", name_en="Belgium", is_focus=False),
    )
    health, education = SectorFactory(code="health"), SectorFactory(code="education")
    return {"RW": rwanda, "NE": niger, "BE": belgium, "health": health, "education": education}


def members_of(item: AlertItem) -> set[str]:
    return set(AlertSubscription.objects.matching(item).values_list("email", flat=True))


def test_matching_by_country_and_sector_and_empty_means_all(world):
    earlier = timezone.now() - timedelta(hours=1)
    rw_health = AlertSubscriptionFactory(
        email="rw-health@example.org",
        country_list=[world["RW"]],
        sector_list=[world["health"]],
        active_since=earlier,
    )
    rw_any = AlertSubscriptionFactory(
        email="rw@example.org", country_list=[world["RW"]], active_since=earlier
    )
    any_health = AlertSubscriptionFactory(
        email="health@example.org", sector_list=[world["health"]], active_since=earlier
    )
    everything = AlertSubscriptionFactory(email="all@example.org", active_since=earlier)
    niger_education = AlertSubscriptionFactory(
        email="ne-edu@example.org",
        country_list=[world["NE"]],
        sector_list=[world["education"]],
        active_since=earlier,
    )
    AlertSubscriptionFactory(email="stopped@example.org", active=False, active_since=earlier)
    # Country of residence counts too: a member interested in Belgium.
    belgium = AlertSubscriptionFactory(
        email="be@example.org", country_list=[world["BE"]], active_since=earlier
    )

    project = ProjectFactory(
        countries=[world["RW"]], residence=[world["BE"]], sector_list=[world["health"]]
    )
    call = CallFactory(project=project)
    assert services.items_collect() == 1
    item = AlertItem.objects.get(call=call)
    assert set(item.countries.values_list("code", flat=True)) == {"RW", "BE"}
    assert members_of(item) == {
        rw_health.email,
        rw_any.email,
        any_health.email,
        everything.email,
        belgium.email,
    }
    assert niger_education.email not in members_of(item)

    # An item about no country or sector reaches only those who chose none of that kind.
    bare = ArticleFactory(issue=IssueFactory())
    services.items_collect()
    item = AlertItem.objects.get(article=bare)
    assert members_of(item) == {everything.email}


def test_only_items_made_after_the_alerts_started(world):
    call = CallFactory(project=ProjectFactory(countries=[world["RW"]]))
    services.items_collect()
    item = AlertItem.objects.get(call=call)
    late = AlertSubscriptionFactory(active_since=timezone.now() + timedelta(seconds=1))
    assert late.email not in members_of(item)


def test_only_public_items_are_collected(world):
    now = timezone.now()
    hidden_project = ProjectFactory(is_published=False)
    CallFactory(project=hidden_project)  # a published call of an unpublished project
    CallFactory(is_published=False)
    CallFactory(opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=9))
    EventFactory(is_published=False)
    EventFactory(publish_at=now + timedelta(days=1))  # scheduled
    ArticleFactory(issue=IssueFactory(status="draft"))
    assert services.items_collect() == 0
    assert not AlertItem.objects.exists()


def test_scheduled_content_becomes_an_item_when_it_turns_public(world):
    later = timezone.now() + timedelta(hours=2)
    event = EventFactory(publish_at=later)
    assert services.items_collect() == 0
    assert services.items_collect(now=later + timedelta(minutes=1)) == 1
    assert AlertItem.objects.get().event == event


def test_collecting_twice_makes_each_item_once(world):
    CallFactory()
    EventFactory()
    ArticleFactory(issue=IssueFactory())
    assert services.items_collect() == 3
    assert services.items_collect() == 0
    assert AlertItem.objects.count() == 3
    # Made directly a second time (another worker): refused by the database, no error.
    call_item = AlertItem.objects.get(kind=AlertItem.Kind.CALL_OPENED)
    assert services.item_create(kind=call_item.kind, call=call_item.call) is None


def test_a_date_set_for_a_tbd_session_is_an_item_but_never_for_always_dated_ones(world):
    from events.services import session_save

    event = EventFactory(project=ProjectFactory(countries=[world["NE"]]))
    tbd = SessionFactory(event=event, tbd=True, country=world["RW"])
    dated = SessionFactory(event=event)
    services.items_collect()  # the event's announcement
    dated.starts_at += timedelta(days=1)
    dated.ends_at += timedelta(days=1)
    session_save(session=dated)  # a new date for a dated session: not "date set"
    assert not AlertItem.objects.filter(kind=AlertItem.Kind.EVENT_DATE_SET).exists()

    tbd.date_to_be_determined = False
    tbd.starts_at = timezone.now() + timedelta(days=20)
    session_save(session=tbd)
    item = AlertItem.objects.get(kind=AlertItem.Kind.EVENT_DATE_SET)
    assert (item.session, item.event) == (tbd, event)
    assert set(item.countries.values_list("code", flat=True)) == {"NE", "RW"}
    services.items_collect()
    assert AlertItem.objects.filter(kind=AlertItem.Kind.EVENT_DATE_SET).count() == 1
