"""Collecting alert items: what became public (a call opened, an event announced, an article
published) and the dates set for sessions that had none.

Each item is made once: the database refuses a second item of a kind for one object, so two
scans or two workers at once are harmless. The one that makes an item also queues its
immediate alerts, in the same transaction."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from alerts.models import AlertItem
from alerts.services.deliveries import immediate_deliveries_create
from events.models import Event, Session
from newsletter.models import Article
from projects.models import Call, Project

logger = logging.getLogger(__name__)


def _project_scope(project: Project | None) -> tuple[set[int], set[int]]:
    """A project's countries (of origin and of residence) and sectors, as pks."""
    if project is None:
        return set(), set()
    countries = {c.pk for c in project.countries_of_origin.all()}
    countries |= {c.pk for c in project.countries_of_residence.all()}
    return countries, {s.pk for s in project.sectors.all()}


def scope_of(*, call=None, event=None, article=None) -> tuple[set[int], set[int]]:
    """The countries and sectors an item is about: its call's or event's or article's
    project (an article's call's project first), and an event's session countries."""
    if call is not None:
        return _project_scope(call.project)
    if event is not None:
        countries, sectors = _project_scope(event.project)
        countries |= {
            pk
            for pk in event.sessions.filter(country__isnull=False).values_list("country", flat=True)
        }
        return countries, sectors
    project = article.call.project if article.call_id else article.project
    return _project_scope(project)


def item_create(
    *, kind: str, call=None, event=None, session=None, article=None
) -> AlertItem | None:
    """Make the item (with its countries and sectors) and the immediate alerts of the
    members it matches; None when the item exists already (made by another scan)."""
    subject = {"call": call, "event": event, "article": article}
    countries, sectors = scope_of(**subject)
    try:
        with transaction.atomic():
            item = AlertItem.objects.create(kind=kind, session=session, **subject)
            item.countries.set(countries)
            item.sectors.set(sectors)
            immediate_deliveries_create(item=item)
    except IntegrityError:
        return None  # made meanwhile by another worker: theirs, with its alerts
    return item


def _without_item(queryset, kind: str, field: str):
    made = AlertItem.objects.filter(kind=kind, **{field: OuterRef("pk")})
    return queryset.filter(~Exists(made))


def items_collect(now=None) -> int:
    """Make an item for each public open call, public event and public article that has
    none yet (scheduled ones when their time comes). Returns how many were made."""
    now = now or timezone.now()
    made = 0
    calls = _without_item(Call.objects.open(now), AlertItem.Kind.CALL_OPENED, "call")
    for call in calls.select_related("project").order_by("pk"):
        made += item_create(kind=AlertItem.Kind.CALL_OPENED, call=call) is not None
    events = Event.objects.public(now).exclude(status=Event.Status.CANCELLED)
    events = _without_item(events, AlertItem.Kind.EVENT_ANNOUNCED, "event")
    for event in events.select_related("project").order_by("pk"):
        made += item_create(kind=AlertItem.Kind.EVENT_ANNOUNCED, event=event) is not None
    articles = _without_item(
        Article.objects.published(), AlertItem.Kind.ARTICLE_PUBLISHED, "article"
    )
    for article in articles.select_related("call__project", "project").order_by("pk"):
        made += item_create(kind=AlertItem.Kind.ARTICLE_PUBLISHED, article=article) is not None
    return made


def session_date_set(*, session: Session) -> AlertItem | None:
    """A session that had no date got one: an item for members, if its event is public
    (called by the `session_rescheduled` receiver, inside the events service's
    transaction: the item commits or rolls back with the new date)."""
    if session.date_to_be_determined or session.cancelled_at is not None:
        return None
    event = session.event
    if not event.is_public or event.status == Event.Status.CANCELLED:
        return None
    return item_create(kind=AlertItem.Kind.EVENT_DATE_SET, event=event, session=session)
