"""The registrations app's personal data, in the portal's one mechanism
(portal/core/privacy.py), declared in `contributions.py`."""

from contextlib import suppress

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal.core.privacy import PersonalData, RevokeRefused
from registrations import services
from registrations.exceptions import RegistrationError
from registrations.models import (
    Application,
    Interest,
    Registration,
    ReviewAssignment,
    ReviewScore,
    SessionMessageDelivery,
)
from registrations.models.event_registration import ERASED_DOMAIN, new_token


def past_sessions(queryset, cutoff):
    return queryset.annotate(
        session_until=Coalesce("session__ends_at", "session__starts_at")
    ).filter(session_until__lt=cutoff)


def anonymise_registrations(queryset) -> int:
    """Keep the row (the event's attendance counts) without anything about the person, and
    with a fresh random token: a guessable one would let anyone act on the place."""
    count = 0
    for pk in queryset.values_list("pk", flat=True):
        Registration.objects.filter(pk=pk).update(
            name="",
            email=f"erased-{pk}{ERASED_DOMAIN}",
            phone="",
            accessibility_needs="",
            country_of_residence="",
            country_of_origin="",
            token=new_token(),
        )
        # A mail server's refusal quotes the address: not kept past the erasure.
        SessionMessageDelivery.objects.filter(registration_id=pk).update(last_error="")
        count += 1
    return count


def is_erased(registration: Registration) -> bool:
    return registration.email.endswith(ERASED_DOMAIN)


def cancel_active_registrations(queryset) -> None:
    """Before an erasure: cancel through the service, so that a place held goes to the first
    person waiting. (The cancellation email finds the row erased and is not sent.)"""
    for registration in queryset.active().order_by("pk"):
        services.registration_cancel(registration=registration)


def revoke_registration(registration: Registration) -> None:
    """From My space: withdrawing the consent cancels the registration (the service frees
    the place for the next person waiting). Cancelled meanwhile (a second tab, the waiting
    list's offer expiring): the consent is withdrawn already."""
    with suppress(RegistrationError):
        services.registration_cancel(registration=registration)


def revoke_submission(submission: Application | Interest) -> None:
    """From My space: withdrawing the consent to an application or an interest withdraws it
    (the service behind the section's Withdraw button); refused once staff have decided."""
    try:
        services.submission_withdraw(submission=submission)
    except RegistrationError as refusal:
        raise RevokeRefused(refusal.message) from refusal


def submission_revocable(submission: Application | Interest) -> bool:
    return services.withdraw_refusal(submission=submission) is None


def calls_closed(queryset, cutoff):
    return queryset.filter(call__closes_at__lt=cutoff)


def application_calls_closed(queryset, cutoff):
    return queryset.filter(application__call__closes_at__lt=cutoff)


def sent_before(queryset, cutoff):
    return queryset.filter(created_at__lt=cutoff)


PERSONAL_DATA = [
    PersonalData(
        model=Registration,
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
        before_erase=cancel_active_registrations,
        revoke=revoke_registration,
        revoke_label=_("Cancel the registration"),
        revocable=lambda registration: registration.is_active,
    ),
    # Before the applications: their scores and reviewer go first, with their history
    # (deleted with an application, they would leave their versions behind).
    PersonalData(
        model=ReviewScore,
        what=_(
            "Staff's scores of an application against the call's criteria, with their "
            "comments. Deleted with the application."
        ),
        retention_setting="applications",
        expired=application_calls_closed,
        email_field="application__email",
    ),
    PersonalData(
        model=ReviewAssignment,
        what=_("Which programme officer reviews an application. Deleted with the application."),
        retention_setting="applications",
        expired=application_calls_closed,
        email_field="application__email",
    ),
    PersonalData(
        model=Application,
        what=_(
            "Applications to calls for candidates, with their CV and internal review notes, "
            "to select candidates. Deleted after the call has closed."
        ),
        retention_setting="applications",
        expired=calls_closed,
        revoke=revoke_submission,
        revoke_label=_("Withdraw the application"),
        revocable=submission_revocable,
    ),
    PersonalData(
        model=Interest,
        what=_(
            "Investor and partner interests: contact details and message, to answer them. "
            "Deleted after the period below."
        ),
        retention_setting="interests",
        expired=sent_before,
        name_field="contact_person",
        revoke=revoke_submission,
        revoke_label=_("Withdraw the interest"),
        revocable=submission_revocable,
    ),
]
