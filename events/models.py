"""Events (info sessions, meetings, job fairs, ...) and their sessions in one or more places."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Min, Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.validators import (
    SPOKEN_LANGUAGES,
    default_time_zone,
    split_codes,
    validate_spoken_languages,
    validate_time_zone,
)
from portal.core.images import ImageSlot, missing_alt_errors
from portal.core.publishing import Publishable, PublishableQuerySet
from portal.core.richtext import RichTextField
from projects.models import Country, Project


class EventQuerySet(PublishableQuerySet):
    def published(self) -> "EventQuerySet":
        """Events the public may see, with their project and their sessions."""
        return (
            self.public()
            .select_related("project")
            .prefetch_related(
                Prefetch("sessions", queryset=Session.objects.select_related("country"))
            )
        )

    def _upcoming_sessions(self, now: datetime | None) -> models.QuerySet:
        """Sessions still to come: not ended yet (or not started, without an end), or TBD."""
        now = now or timezone.now()
        return Session.objects.annotate(until=Coalesce("ends_at", "starts_at")).filter(
            Q(date_to_be_determined=True) | Q(until__gte=now)
        )

    def upcoming(self, now: datetime | None = None) -> "EventQuerySet":
        """Events with a session to come or a date to be determined; soonest first, TBD last."""
        now = now or timezone.now()
        return (
            self.filter(pk__in=self._upcoming_sessions(now).values("event_id"))
            .annotate(
                # The start of the first session not over yet (an ongoing one counts).
                next_start=Min(
                    "sessions__starts_at",
                    filter=Q(sessions__ends_at__gte=now)
                    | Q(sessions__ends_at__isnull=True, sessions__starts_at__gte=now),
                )
            )
            .order_by(F("next_start").asc(nulls_last=True), "pk")
        )

    def past(self, now: datetime | None = None) -> "EventQuerySet":
        """Events whose every session is over; the most recent first."""
        now = now or timezone.now()
        return (
            self.filter(sessions__starts_at__isnull=False)
            .exclude(pk__in=self._upcoming_sessions(now).values("event_id"))
            .annotate(last_start=models.Max("sessions__starts_at"))
            .order_by("-last_start", "-pk")
        )

    def in_country(self, country: Country) -> "EventQuerySet":
        """Events held in a country, or whose project concerns it."""
        concerned = Event.objects.filter(
            Q(sessions__country=country)
            | Q(project__countries_of_origin=country)
            | Q(project__countries_of_residence=country)
        )
        return self.filter(pk__in=concerned.values("pk"))


class Event(ImageSlot, Publishable):
    class Kind(models.TextChoices):
        INFO_SESSION = "info-session", _("Info session")
        MEETING = "meeting", _("Meeting")
        JOB_FAIR = "job-fair", _("Job fair")
        CONFERENCE = "conference", _("Conference")
        WEBINAR = "webinar", _("Webinar")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = RichTextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=50,
        blank=True,
        validators=[validate_spoken_languages],
        help_text=_("Language codes separated by commas, for example: fr,en."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    # A new event starts as a draft: staff publish it deliberately, once it is ready.
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    required_translations = ("title", "slug", "description")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    def get_calendar_url(self) -> str:
        return reverse("events:event-calendar", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = missing_alt_errors(self)
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)
        super().clean()  # publishing rules (portal.core.publishing)

    @property
    def spoken_languages(self) -> list[str]:
        """The names of the languages spoken, in the visitor's language."""
        labels = dict(SPOKEN_LANGUAGES)
        return [str(labels.get(code, code)) for code in split_codes(self.languages)]

    @property
    def dated_sessions(self) -> list["Session"]:
        """Sessions a calendar can hold: with a date known at least to the day."""
        return [s for s in self.sessions.all() if s.has_calendar_date]


class Session(models.Model):
    """One occurrence of an event in one place (or online), at a date or to be determined.

    A past session may be known only to the day or to the month ("June 2019"): `starts_at`
    then holds the start of that day or month on the venue's clock and `date_precision` says
    how much of it is known, so that pages print no hour or day nobody announced.
    """

    class Precision(models.TextChoices):
        TIME = "time", _("Date and time")
        DAY = "day", _("Day only (no hours)")
        MONTH = "month", _("Month only")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.TextField(
        _("address"), blank=True, help_text=_("Street, number, postcode: one item per line.")
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_sessions",
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("For a webinar or a session also streamed.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("The venue’s time zone, for example Europe/Brussels or Africa/Niamey."),
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    date_precision = models.CharField(
        _("date known to"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.TIME,
        help_text=_(
            "For a date known only to the day or the month, give its first hour (or first "
            "day) as the start: the page shows only the day or the month."
        ),
    )
    date_to_be_determined = models.BooleanField(_("date to be determined"), default=False)
    approximate_period = models.CharField(
        _("approximate period"),
        max_length=100,
        blank=True,
        help_text=_("Shown while the date is to be determined, for example “spring 2027”."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for unlimited places.")
    )
    places_taken = models.PositiveIntegerField(
        _("places taken"),
        default=0,
        editable=False,
        help_text=_("Confirmed places and places offered from the waiting list."),
    )
    cancelled_at = models.DateTimeField(
        _("cancelled at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when staff cancel the session: it then takes no more registrations."),
    )
    sequence = models.PositiveIntegerField(
        _("calendar sequence"),
        default=0,
        editable=False,
        help_text=_("Raised each time the date or place changes, so calendars update."),
    )

    required_translations = ()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["position", F("starts_at").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    date_to_be_determined=True, starts_at__isnull=True, ends_at__isnull=True
                )
                | Q(date_to_be_determined=False, starts_at__isnull=False),
                name="session_dated_or_to_be_determined",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_it_starts",
            ),
            # The last line of defence against overbooking (the registrations services
            # take the places under a row lock and never get here).
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(places_taken__lte=F("capacity")),
                name="session_not_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.city or self.venue_name or self.pk}"

    def save(self, *args, **kwargs) -> None:
        # `places_taken` is written only by registrations.services, with F() updates under
        # the session's row lock. An ordinary save of a loaded session (the admin form) must
        # not write back the value it read earlier, which a registration may have changed.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "places_taken"
            ]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.date_to_be_determined:
            if self.starts_at or self.ends_at:
                errors["date_to_be_determined"] = _(
                    "Either give the start date or tick “date to be determined”, not both."
                )
        elif not self.starts_at:
            errors["starts_at"] = _(
                "Give the start date, or tick “date to be determined” if it is not set yet."
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if self.capacity is not None and self.capacity < self.places_taken:
            errors["capacity"] = _(
                "%(taken)s places are already taken: the capacity cannot be lower."
            ) % {"taken": self.places_taken}
        if errors:
            raise ValidationError(errors)

    @property
    def has_calendar_date(self) -> bool:
        """Dated to the day at least (a month alone makes no calendar entry)."""
        return self.starts_at is not None and self.date_precision != self.Precision.MONTH

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self) -> datetime | None:
        """The start in the venue's time zone."""
        return self.starts_at.astimezone(self.zone) if self.starts_at else None

    @property
    def local_ends_at(self) -> datetime | None:
        return self.ends_at.astimezone(self.zone) if self.ends_at else None

    def isoformat(self, moment: datetime) -> str:
        """`moment` (the local start or end) as precise as it is known: "2019-06",
        "2019-10-05" or the full date and time with its offset."""
        if self.date_precision == self.Precision.MONTH:
            return moment.strftime("%Y-%m")
        if self.date_precision == self.Precision.DAY:
            return moment.date().isoformat()
        return moment.isoformat()

    @property
    def has_place(self) -> bool:
        """Whether anything of the place is known (venue, address or city)."""
        return bool(self.venue_name or self.address or self.city)

    @property
    def zone_abbreviation(self) -> str:
        """ "CET", "CEST", "WAT"... at the session's start; the IANA name when there is none."""
        start = self.local_starts_at
        name = start.tzname() if start else ""
        return name if name and name[0] not in "+-" else self.time_zone

    @property
    def ends_same_day(self) -> bool:
        start, end = self.local_starts_at, self.local_ends_at
        return bool(start and end and start.date() == end.date())

    @property
    def is_past(self) -> bool:
        end = self.ends_at or self.starts_at
        return bool(end and end < timezone.now())

    @property
    def address_has_city(self) -> bool:
        """Whether the address already names the city (in any language), not to repeat it."""
        names = [getattr(self, f"city_{code}", "") for code, _name in settings.LANGUAGES]
        return any(name and name in self.address for name in names)

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def accepts_registrations(self, now: datetime | None = None) -> bool:
        """Whether people may register (or pre-register, when the date is to be determined)."""
        now = now or timezone.now()
        event = self.event
        opens, closes = event.registration_opens_at, event.registration_closes_at
        return (
            event.is_public
            and event.status == Event.Status.SCHEDULED
            and self.cancelled_at is None
            and not (opens and now < opens)
            and not (closes and now >= closes)
            and not (self.starts_at and self.starts_at <= now)
        )

    def taken_places(self) -> int:
        """Places taken: confirmed ones and those offered from the waiting list."""
        return self.places_taken

    def remaining_places(self) -> int | None:
        """Places still free, or None when the session has no capacity (unlimited)."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.places_taken)
