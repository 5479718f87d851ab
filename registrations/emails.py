"""The emails a registrant receives, each in the registrant's language, with the session's
calendar entry (.ics: same UID, the session's current SEQUENCE) when it has a date."""

from dataclasses import dataclass

import css_inline
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from events.calendar import event_calendar, session_location
from events.templatetags.events import session_time_text
from portal.core.models import SiteSettings
from registrations.models import Application, Interest, Registration

Status = Registration.Status


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@dataclass
class Content:
    subject: str
    paragraphs: list[str]
    button: str = ""  # the label of the link to the personal page, when it asks to act
    calendar: bool = True  # attach the .ics (when the session has a date)


def _registered(registration: Registration) -> Content:
    if registration.status == Status.CONFIRMED:
        return Content(
            _("Your place is confirmed: %(event)s") % {"event": registration.session.event},
            [_("Thank you for registering. Your place is confirmed.")],
        )
    if registration.status == Status.WAITING:
        return Content(
            _("You are on the waiting list: %(event)s") % {"event": registration.session.event},
            [
                _(
                    "The session is full, so you are on the waiting list, at position "
                    "%(position)s. If a place becomes free, we will offer it to you by email."
                )
                % {"position": registration.waiting_position()}
            ],
        )
    return Content(
        _("Your pre-registration: %(event)s") % {"event": registration.session.event},
        [
            _(
                "Thank you for your interest. The date is not set yet: as soon as it is, we "
                "will email you so that you can confirm your place in one click."
            )
        ],
        calendar=False,
    )


def content(registration: Registration, kind: str) -> Content:
    event = registration.session.event
    names = {"event": event}
    if kind == "registered":
        return _registered(registration)
    if kind == "link":
        return Content(
            _("Your registration: %(event)s") % names,
            [_("You asked to register again. You are already registered: here is your link.")],
        )
    if kind == "offer":
        expires = localtime(registration.offer_expires_at)
        return Content(
            _("A place is free for you: %(event)s") % names,
            [
                _(
                    "A place became free and it is yours if you claim it before "
                    "%(deadline)s. After that, it goes to the next person on the list."
                )
                % {"deadline": date_format(expires, "j F Y, H:i T")}
            ],
            button=_("Claim my place"),
        )
    if kind == "confirmed":
        return Content(
            _("Your place is confirmed: %(event)s") % names,
            [_("Your place is confirmed. We look forward to seeing you.")],
        )
    if kind == "cancelled":
        return Content(
            _("Your registration is cancelled: %(event)s") % names,
            [_("Your registration is cancelled. Thank you for letting us know.")],
            calendar=False,
        )
    if kind == "expired":
        return Content(
            _("The place offered to you has gone: %(event)s") % names,
            [_("The place we offered you was not claimed in time, so it went to the next person.")],
            calendar=False,
        )
    if kind == "dated":
        return Content(
            _("The date is set: %(event)s") % names,
            [
                _(
                    "The date you were waiting for is set. Confirm your place in one click with "
                    "the link below."
                ),
                _("Places are given in the order people confirm, as long as places last."),
            ],
            button=_("Confirm my place"),
        )
    if kind == "rescheduled":
        return Content(
            _("New date or place: %(event)s") % names,
            [
                _(
                    "The date or place of the session has changed. The calendar entry attached "
                    "replaces the one you had."
                )
            ],
        )
    if kind == "event-cancelled":
        return Content(
            _("Cancelled: %(event)s") % names,
            [_("We are sorry: this event is cancelled. Your registration is no longer needed.")],
        )
    if kind == "session-cancelled":
        return Content(
            _("Session cancelled: %(event)s") % names,
            [
                _(
                    "We are sorry: the session you registered for is cancelled, so your "
                    "registration is cancelled too. The calendar entry attached removes it "
                    "from your calendar."
                )
            ],
        )
    if kind == "reminder":
        return Content(
            _("Reminder: %(event)s") % names,
            [_("A reminder of the session you registered for.")],
        )
    raise ValueError(f"unknown registration email kind {kind!r}")


def registration_message(registration: Registration, kind: str) -> EmailMultiAlternatives:
    session = registration.session
    event = session.event
    with translation.override(registration.language):
        parts = content(registration, kind)
        context = {
            "site": SiteSettings.load(),
            "registration": registration,
            "session": session,
            "event": event,
            "when": session_time_text(session),
            "where": session_location(session),
            "parts": parts,
            "personal_url": absolute(registration.get_absolute_url()),
            "event_url": absolute(event.get_absolute_url()),
        }
        text = render_to_string("registrations/email/message.txt", context)
        html = css_inline.inline(render_to_string("registrations/email/message.html", context))
        message = EmailMultiAlternatives(parts.subject, text, to=[registration.email])
        message.attach_alternative(html, "text/html")
        if parts.calendar and session.starts_at:
            ics = event_calendar(event, url=context["event_url"], sessions=[session])
            message.attach(f"{event.slug}.ics", ics, "text/calendar; charset=utf-8")
    return message


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
        subject = subject % {"reference": submission.reference}
        text = render_to_string("registrations/email/acknowledgement.txt", context)
        html = css_inline.inline(
            render_to_string("registrations/email/acknowledgement.html", context)
        )
    message = EmailMultiAlternatives(subject, text, to=[submission.email])
    message.attach_alternative(html, "text/html")
    return message


def submission_notification(submission: Application | Interest) -> EmailMessage | None:
    """To the programme officer of the call (or the office's contact address): the
    reference and a staff link, not the person's details (those stay behind the login)."""
    call = submission.call
    recipient = (call.officer_email if call else "") or SiteSettings.load().contact_email
    if not recipient:
        return None
    opts = submission._meta
    admin_url = absolute(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[submission.pk])
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {"submission": submission, "call": call, "admin_url": admin_url}
        subject = _("New %(kind)s: %(reference)s") % {
            "kind": opts.verbose_name,
            "reference": submission.reference,
        }
        text = render_to_string("registrations/email/notification.txt", context)
    return EmailMessage(subject, text, to=[recipient])
