"""The emails a registrant receives, each in the registrant's language, with the session's
calendar entry (.ics: same UID, the session's current SEQUENCE) when it has a date.

Every kind of registration email is one row of `KINDS`: its subject, its paragraphs, the
label of the button to the personal page (when it asks the person to act) and whether the
calendar entry goes with it. Adding a kind is adding a member to `Kind` and a row."""

from collections.abc import Callable
from dataclasses import dataclass, field
from email.mime.image import MIMEImage
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.calendar import event_calendar, session_location
from events.templatetags.events import session_time_text
from portal.core.datetimes import format_with_zone
from portal.core.emails import email_message
from portal.core.links import absolute_url
from portal.core.models import SiteSettings
from registrations.checkin_codes import checkin_code, qr_png
from registrations.models import (
    Application,
    Interest,
    Registration,
    StatusMessage,
    next_steps_text,
)

Status = Registration.Status


class Kind(StrEnum):
    """Why a registrant is emailed (the `kind` passed to `registration_message`)."""

    REGISTERED = "registered"
    LINK = "link"
    OFFER = "offer"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    DATED = "dated"
    RESCHEDULED = "rescheduled"
    EVENT_CANCELLED = "event-cancelled"
    SESSION_CANCELLED = "session-cancelled"
    REMINDER = "reminder"


@dataclass(frozen=True)
class Entry:
    """One kind of email. Texts are lazy and formatted with the event (`%(event)s`) and
    whatever `values` adds for this registration, in the registrant's language."""

    subject: Promise
    paragraphs: tuple[Promise, ...]
    button: Promise | None = None  # label of the link to the personal page, if it asks to act
    calendar: bool = True  # attach the .ics (when the session has a date)
    values: Callable[[Registration], dict] = field(default=lambda registration: {})


@dataclass
class Content:
    """An entry's texts, formatted for one registration (what the templates read)."""

    subject: str
    paragraphs: list[str]
    button: str = ""
    calendar: bool = True


def _offer_deadline(registration: Registration) -> dict:
    return {"deadline": format_with_zone(registration.offer_expires_at)}


def _waiting_position(registration: Registration) -> dict:
    return {"position": registration.waiting_position()}


# The "registered" email depends on where the registration landed.
REGISTERED: dict[str, Entry] = {
    Status.CONFIRMED: Entry(
        gettext_lazy("Your place is confirmed: %(event)s"),
        (gettext_lazy("Thank you for registering. Your place is confirmed."),),
    ),
    Status.WAITING: Entry(
        gettext_lazy("You are on the waiting list: %(event)s"),
        (
            gettext_lazy(
                "The session is full, so you are on the waiting list, at position "
                "%(position)s. If a place becomes free, we will offer it to you by email."
            ),
        ),
        values=_waiting_position,
    ),
    Status.PRE_REGISTERED: Entry(
        gettext_lazy("Your pre-registration: %(event)s"),
        (
            gettext_lazy(
                "Thank you for your interest. The date is not set yet: as soon as it is, we "
                "will email you so that you can confirm your place in one click."
            ),
        ),
        calendar=False,
    ),
}

KINDS: dict[Kind, Entry] = {
    Kind.LINK: Entry(
        gettext_lazy("Your registration: %(event)s"),
        (
            gettext_lazy(
                "You asked to register again. You are already registered: here is your link."
            ),
        ),
    ),
    Kind.OFFER: Entry(
        gettext_lazy("A place is free for you: %(event)s"),
        (
            gettext_lazy(
                "A place became free and it is yours if you claim it before "
                "%(deadline)s. After that, it goes to the next person on the list."
            ),
        ),
        button=gettext_lazy("Claim my place"),
        values=_offer_deadline,
    ),
    Kind.CONFIRMED: Entry(
        gettext_lazy("Your place is confirmed: %(event)s"),
        (gettext_lazy("Your place is confirmed. We look forward to seeing you."),),
    ),
    Kind.CANCELLED: Entry(
        gettext_lazy("Your registration is cancelled: %(event)s"),
        (gettext_lazy("Your registration is cancelled. Thank you for letting us know."),),
        calendar=False,
    ),
    Kind.EXPIRED: Entry(
        gettext_lazy("The place offered to you has gone: %(event)s"),
        (
            gettext_lazy(
                "The place we offered you was not claimed in time, so it went to the next person."
            ),
        ),
        calendar=False,
    ),
    Kind.DATED: Entry(
        gettext_lazy("The date is set: %(event)s"),
        (
            gettext_lazy(
                "The date you were waiting for is set. Confirm your place in one click with "
                "the link below."
            ),
            gettext_lazy("Places are given in the order people confirm, as long as places last."),
        ),
        button=gettext_lazy("Confirm my place"),
    ),
    Kind.RESCHEDULED: Entry(
        gettext_lazy("New date or place: %(event)s"),
        (
            gettext_lazy(
                "The date or place of the session has changed. The calendar entry attached "
                "replaces the one you had."
            ),
        ),
    ),
    Kind.EVENT_CANCELLED: Entry(
        gettext_lazy("Cancelled: %(event)s"),
        (
            gettext_lazy(
                "We are sorry: this event is cancelled. Your registration is no longer needed."
            ),
        ),
    ),
    Kind.SESSION_CANCELLED: Entry(
        gettext_lazy("Session cancelled: %(event)s"),
        (
            gettext_lazy(
                "We are sorry: the session you registered for is cancelled, so your "
                "registration is cancelled too. The calendar entry attached removes it "
                "from your calendar."
            ),
        ),
    ),
    Kind.REMINDER: Entry(
        gettext_lazy("Reminder: %(event)s"),
        (gettext_lazy("A reminder of the session you registered for."),),
    ),
}


def entry(registration: Registration, kind: str) -> Entry:
    """The row of email `kind` for `registration`; ValueError for an unknown kind."""
    try:
        kind = Kind(kind)
    except ValueError:
        raise ValueError(f"unknown registration email kind {kind!r}") from None
    if kind == Kind.REGISTERED:
        return REGISTERED.get(registration.status, REGISTERED[Status.PRE_REGISTERED])
    return KINDS[kind]


def content(registration: Registration, kind: str) -> Content:
    """Email `kind`'s texts for `registration`, in the active language."""
    row = entry(registration, kind)
    values = {"event": registration.session.event, **row.values(registration)}
    return Content(
        subject=row.subject % values,
        paragraphs=[str(paragraph) % values for paragraph in row.paragraphs],
        button=str(row.button or ""),
        calendar=row.calendar,
    )


def registration_message(registration: Registration, kind: str) -> EmailMultiAlternatives:
    session = registration.session
    event = session.event
    with translation.override(registration.language):
        parts = content(registration, kind)
        event_url = absolute_url(event.get_absolute_url())
        context = {
            "site": SiteSettings.load(),
            "registration": registration,
            "session": session,
            "event": event,
            "when": session_time_text(session),
            "where": session_location(session),
            "parts": parts,
            "personal_url": absolute_url(registration.get_absolute_url()),
            "event_url": event_url,
        }
        with_code = registration.status == Status.CONFIRMED and parts.calendar
        if with_code:
            context["checkin_code"] = checkin_code(registration)
            context["checkin_qr_cid"] = QR_CONTENT_ID
        attachments = []
        if parts.calendar and session.starts_at:
            ics = event_calendar(event, url=event_url, sessions=[session])
            attachments.append((f"{event.slug}.ics", ics, "text/calendar; charset=utf-8"))
        message = email_message(
            "registrations/email/message",
            context,
            subject=parts.subject,
            to=[registration.email],
            language=registration.language,
            attachments=attachments,
        )
        if with_code:
            message.attach(qr_image(context["checkin_code"]))
        return message


QR_CONTENT_ID = "checkin-qr@portal"


def qr_image(code: str) -> MIMEImage:
    """The QR code of the check-in code as an inline image (the HTML shows it with
    cid:QR_CONTENT_ID; the text part carries the code itself)."""
    image = MIMEImage(qr_png(code), "png")
    image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
    image.add_header("Content-Disposition", "inline", filename="checkin-code.png")
    return image


def submission_acknowledgement(submission: Application | Interest) -> EmailMultiAlternatives:
    """To the applicant or investor, in their language, with their reference number."""
    with translation.override(submission.language):
        if isinstance(submission, Application):
            subject = _("We received your application (%(reference)s)")
            about = submission.call.title
        else:
            subject = _("We received your message (%(reference)s)")
            about = submission.project.title
        context = {
            "site": SiteSettings.load(),
            "submission": submission,
            "about": about,
            "is_application": isinstance(submission, Application),
        }
        return email_message(
            "registrations/email/acknowledgement",
            context,
            subject=subject % {"reference": submission.reference},
            to=[submission.email],
            language=submission.language,
        )


def submission_notification(submission: Application | Interest) -> EmailMultiAlternatives | None:
    """To the programme officer of the call (or the office's contact address): the
    reference and a staff link, not the person's details (those stay behind the login).
    Plain text only (there is no .html template): it is read by staff, in the site's
    default language."""
    call = submission.call
    recipient = (call.officer_email if call else "") or SiteSettings.load().contact_email
    if not recipient:
        return None
    opts = submission._meta
    admin_url = absolute_url(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[submission.pk])
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New %(kind)s: %(reference)s") % {
            "kind": opts.verbose_name,
            "reference": submission.reference,
        }
        return email_message(
            "registrations/email/notification",
            {"submission": submission, "call": call, "admin_url": admin_url},
            subject=subject,
            to=[recipient],
            language=settings.LANGUAGE_CODE,
        )


def status_message(
    submissions: list[Application | Interest], message: StatusMessage
) -> EmailMultiAlternatives:
    """To one person, about their submissions (one or more, the newest first, all of one
    kind) that staff moved to the status of `message`: in the language of the newest,
    the message's text written in that language (the admin refuses a message that tells
    the person without every language), the new status in words, what happens next, and
    the way to My space."""
    newest = submissions[0]
    language = newest.language
    with translation.override(language):
        items = [
            {
                "reference": submission.reference,
                "about": submission.call.title
                if isinstance(submission, Application)
                else submission.project.title,
            }
            for submission in submissions
        ]
        context = {
            "site": SiteSettings.load(),
            "name": newest.name,
            "items": items,
            "status": newest.get_status_label(),
            "body": message.text_in("body", language) or message.body,
            "next_steps": next_steps_text(newest, language, message),
            "space_url": absolute_url(reverse("members:space")),
        }
        subject = message.text_in("subject", language) or message.subject
        return email_message(
            "registrations/email/status",
            context,
            subject=f"{subject} ({newest.reference})" if len(items) == 1 else subject,
            to=[newest.email],
            language=language,
        )


def session_message_email(
    registration: Registration, subject: str, body: str, connection=None
) -> EmailMultiAlternatives:
    """A message staff wrote to the people of a session (registrations.services.messages
    chose the subject and text in the registrant's language), with the session's time and
    place and the personal link."""
    session = registration.session
    event = session.event
    with translation.override(registration.language):
        context = {
            "site": SiteSettings.load(),
            "registration": registration,
            "event": event,
            "when": session_time_text(session),
            "where": session_location(session),
            "subject": subject,
            "paragraphs": [part.strip() for part in body.split("\n\n") if part.strip()],
            "personal_url": absolute_url(registration.get_absolute_url()),
            "event_url": absolute_url(event.get_absolute_url()),
        }
        return email_message(
            "registrations/email/session_message",
            context,
            subject=subject,
            to=[registration.email],
            language=registration.language,
            connection=connection,
        )
