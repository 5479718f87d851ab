"""The registrations app's personal data, in the portal's one mechanism (portal/privacy.py)."""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from portal import privacy
from registrations.models import Application, Interest, Registration


def past_sessions(queryset, cutoff):
    return queryset.annotate(
        session_until=Coalesce("session__ends_at", "session__starts_at")
    ).filter(session_until__lt=cutoff)


def anonymise_registrations(queryset) -> int:
    """Keep the row (the event's attendance counts) without anything about the person."""
    erased = Concat(Value("erased-"), Cast("pk", CharField()))
    return queryset.update(
        name="",
        email=Concat(erased, Value("@invalid")),
        phone="",
        accessibility_needs="",
        country_of_residence="",
        country_of_origin="",
        token=erased,
    )


def calls_closed(queryset, cutoff):
    return queryset.filter(call__closes_at__lt=cutoff)


def sent_before(queryset, cutoff):
    return queryset.filter(created_at__lt=cutoff)


def register_personal_data() -> None:
    privacy.register(
        Registration,
        what=_(
            "Event registrations: name, email, phone, countries, language and accessibility "
            "needs, to organise the event and tell you about it. Anonymised after the event "
            "(only the count of participants stays)."
        ),
        retention_setting="event_registrations",
        expired=lambda queryset, cutoff: past_sessions(queryset, cutoff).exclude(
            Q(email__startswith="erased-") & Q(name="")
        ),
        anonymise=anonymise_registrations,
    )
    privacy.register(
        Application,
        what=_(
            "Applications to calls for candidates, with their CV and internal review notes, "
            "to select candidates. Deleted after the call has closed."
        ),
        retention_setting="applications",
        expired=calls_closed,
    )
    privacy.register(
        Interest,
        what=_(
            "Investor and partner interests: contact details and message, to answer them. "
            "Deleted after the period below."
        ),
        retention_setting="interests",
        expired=sent_before,
    )
