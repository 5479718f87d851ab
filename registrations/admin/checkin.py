"""The check-in page of a session, in the admin: a phone at the door, one tap per person.

The page lists everyone who may turn up with a claim to a place (confirmed, offered a place,
waiting, pre-registered), with counts at the top; it filters as staff type (static JS; a
plain GET search without it), checks people in and out in one tap, reads the QR code of a
registration (camera or typed in), adds walk-ins and, for programme officers, changes the
capacity. Each action is a POST answered with JSON for the page's script (which queues
actions while offline and sends them again) or with a redirect for a plain form.

The rules are in registrations.services.checkin; this module reads the request and answers.
"""

import uuid
from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import get_language, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import Session
from events.templatetags.events import session_time_text
from registrations.checkin_codes import BadCode, checkin_code_read
from registrations.exceptions import EmailsToConfirm, OverCapacity, RegistrationError
from registrations.models import Registration
from registrations.services.checkin import (
    LISTED,
    attendance_set,
    checkin_counts,
    session_capacity_change,
    walk_in_add,
)

PERMISSION = "registrations.change_registration"
EMAILS_CONFIRMED = "emails_confirmed"

# The badge of a person who has not arrived yet: one label per state, not the plural counts.
STATE_LABELS = {
    Registration.Status.CONFIRMED: pgettext_lazy("check-in state", "Place confirmed"),
    Registration.Status.OFFERED: pgettext_lazy("check-in state", "Place offered"),
    Registration.Status.WAITING: pgettext_lazy("check-in state", "On the waiting list"),
    Registration.Status.PRE_REGISTERED: pgettext_lazy("check-in state", "Pre-registered"),
}


def urls(model_admin) -> list:
    """The page and its actions, each behind the admin's complete staff login."""
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "session/<int:session_id>/checkin/",
            wrap(checkin_page),
            name="registrations_registration_checkin",
        ),
        path(
            "session/<int:session_id>/checkin/set/",
            wrap(require_POST(checkin_set)),
            name="registrations_registration_checkin_set",
        ),
        path(
            "session/<int:session_id>/checkin/walk-in/",
            wrap(require_POST(checkin_walk_in)),
            name="registrations_registration_checkin_walk_in",
        ),
        path(
            "session/<int:session_id>/checkin/capacity/",
            wrap(require_POST(checkin_capacity)),
            name="registrations_registration_checkin_capacity",
        ),
    ]


def checkin_url(session_id: int) -> str:
    return reverse("admin:registrations_registration_checkin", args=[session_id])


def sessions_around_now(hours: int = 24) -> list[Session]:
    """Sessions starting from `hours` ago to `hours` ahead: the ones staff check people in
    for today."""
    now = timezone.now()
    around = (now - timedelta(hours=hours), now + timedelta(hours=hours))
    return list(
        Session.objects.filter(starts_at__range=around, cancelled_at__isnull=True)
        .select_related("event")
        .order_by("starts_at")[:5]
    )


def _session(request, session_id: int) -> Session:
    """The session, to staff who handle registrations (programme officers, superusers);
    403 to anyone else (editors never see the people)."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return get_object_or_404(Session.objects.select_related("event"), pk=session_id)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _people(session: Session, query: str = ""):
    people = session.registrations.filter(status__in=LISTED).order_by(Lower("name"), "pk")
    if query:
        people = people.filter(name__icontains=query) | people.filter(email__icontains=query)
    return people


def _labelled(people) -> list[Registration]:
    """The people, each with the label of their state (`checkin_state`)."""
    people = list(people)
    for person in people:
        person.checkin_state = STATE_LABELS.get(person.status, person.get_status_display())
    return people


def _row(request, registration: Registration, session: Session) -> str:
    return render_to_string(
        "admin/registrations/checkin_row.html",
        {"person": _labelled([registration])[0], "session": session, "zone": session.zone},
        request=request,
    )


def capacity_line(session: Session) -> str:
    """ "6 of 6 places taken.": the line under the counts, also sent with each answer."""
    if session.capacity is None:
        return _("Unlimited places.")
    return _("%(taken)s of %(capacity)s places taken.") % {
        "taken": session.places_taken,
        "capacity": session.capacity,
    }


def checkin_page(request, session_id: int):
    session = _session(request, session_id)
    query = request.GET.get("q", "").strip()[:100]
    context = {
        **admin.site.each_context(request),
        "title": _("Check-in at the door"),
        "subtitle": str(session),
        "when": session_time_text(session),
        "capacity_line": capacity_line(session),
        "session": session,
        "event": session.event,
        "people": _labelled(_people(session, query)),
        "query": query,
        "counts": checkin_counts(session=session),
        "zone": session.zone,
        "opts": Registration._meta,
        "can_change_capacity": request.user.has_perm(PERMISSION),
        "strings": {
            "checkIn": _("Check in"),
            "admit": _("Admit and check in"),
            "undo": _("Undo"),
            "arrived": _("Arrived"),
            "pending": _("Saved on this phone: sent when the connection returns."),
            "offline": _("Offline: check-ins are kept on this phone and sent later."),
            "online": _("Back online: everything is sent."),
            "noMatch": _("Nobody matches this search."),
            "stopCamera": _("Stop the camera"),
            "cameraUnavailable": _("The camera cannot be used here: type the code instead."),
            "noCode": _("No check-in code found in this picture."),
            "walkIn": _("Added at the door"),
            "sending": _("Sending…"),
            "toConfirm": _("Waiting for your confirmation (over capacity)."),
            "failed": _("That did not work: try again."),
        },
    }
    return TemplateResponse(request, "admin/registrations/checkin.html", context)


def _answer(request, session, *, registration=None, message="", error="", status=200, extra=None):
    """JSON for the page's script; otherwise a message and back to the page."""
    if _wants_json(request):
        data = {
            "ok": not error,
            "message": str(message or error),
            "counts": checkin_counts(session=session),
            "capacity_line": capacity_line(Session.objects.get(pk=session.pk)),
            "action_id": request.POST.get("action_id", ""),
            **(extra or {}),
        }
        if registration is not None and registration.session_id == session.pk:
            data["id"] = registration.pk
            data["row"] = _row(request, registration, session)
            # The time on the venue's clock, in the language's format ("9 h 48" in French).
            arrived_at = registration.attended_at
            data["arrived_at"] = (
                time_format(arrived_at.astimezone(session.zone)) if arrived_at else ""
            )
        return JsonResponse(data, status=status)
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    return HttpResponseRedirect(checkin_url(session.pk))


def _confirm_over_capacity(request, session, error: OverCapacity):
    """The plain form's way to confirm going over capacity: the same POST again, with the
    staff member's deliberate yes."""
    if _wants_json(request):
        # A question for staff, not a failure: 200, and the page asks.
        return _answer(request, session, error=error.message, extra={"over_capacity": True})
    return _confirmation_page(
        request,
        session,
        title=_("Over capacity"),
        message=error.message,
        confirm=("over_capacity", "1"),
        yes=_("Yes, over capacity"),
    )


def _confirm_emails(request, session, error: EmailsToConfirm):
    """Before a new capacity offers places (and emails people): the page's script asks
    in the page; a plain form gets a confirmation page."""
    if _wants_json(request):
        return _answer(request, session, error=error.message, extra={"confirm": error.signature})
    return _confirmation_page(
        request,
        session,
        title=_("Who will be emailed"),
        message=error.message,
        confirm=(EMAILS_CONFIRMED, error.signature),
        yes=_("Yes, offer the places"),
    )


def _confirmation_page(request, session, *, title, message, confirm, yes):
    """The same POST again, with the staff member's deliberate yes (`confirm`)."""
    fields = [
        (name, value)
        for name, value in request.POST.items()
        if name not in ("csrfmiddlewaretoken", confirm[0])
    ]
    context = {
        **admin.site.each_context(request),
        "title": title,
        "checkin_title": _("Check-in at the door"),
        "session": session,
        "message": message,
        "fields": fields,
        "confirm": confirm,
        "yes": yes,
        "action": request.path,
        "back": checkin_url(session.pk),
        "opts": Registration._meta,
    }
    return TemplateResponse(request, "admin/registrations/checkin_confirm.html", context)


def checkin_set(request, session_id: int):
    """Check someone in (`arrived=1`) or undo it (`arrived=0`): by `registration` (the list)
    or by `code` (a scanned or typed check-in code)."""
    session = _session(request, session_id)
    arrived = request.POST.get("arrived", "1") == "1"
    code = request.POST.get("code", "").strip()
    try:
        pk = checkin_code_read(code) if code else int(request.POST.get("registration", ""))
        registration = Registration.objects.select_related("session__event").get(pk=pk)
    except (BadCode, ValueError, Registration.DoesNotExist):
        return _answer(
            request, session, error=_("This is not a check-in code for this site."), status=400
        )
    try:
        registration = attendance_set(
            registration=registration,
            session=session,
            arrived=arrived,
            over_capacity=request.POST.get("over_capacity") == "1",
        )
    except OverCapacity as error:
        return _confirm_over_capacity(request, session, error)
    except RegistrationError as error:
        return _answer(
            request,
            session,
            registration=registration,
            error=pgettext("name: problem", "%(name)s: %(error)s")
            % {"name": registration.name, "error": error.message},
            status=409,
        )
    if arrived:
        message = _("%(name)s is checked in.") % {"name": registration.name}
    else:
        message = _("Check-in of %(name)s undone.") % {"name": registration.name}
    return _answer(request, session, registration=registration, message=message)


def checkin_walk_in(request, session_id: int):
    """Add a person at the door: a name, an email if they give one."""
    session = _session(request, session_id)
    name = request.POST.get("name", "").strip()
    if not name:
        return _answer(request, session, error=_("Give the person’s name."), status=400)
    try:
        client_id = uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        client_id = uuid.uuid4()  # a plain form: each submission is one person
    try:
        registration, created = walk_in_add(
            session=session,
            client_id=client_id,
            name=name,
            email=request.POST.get("email", ""),
            language=get_language(),
            over_capacity=request.POST.get("over_capacity") == "1",
        )
    except OverCapacity as error:
        return _confirm_over_capacity(request, session, error)
    except ValidationError as error:
        return _answer(request, session, error=" ".join(error.messages), status=400)
    except RegistrationError as error:
        return _answer(request, session, error=error.message, status=409)
    if created:
        message = _("%(name)s is added and checked in.") % {"name": registration.name}
    else:
        message = _("%(name)s was registered already and is checked in.") % {
            "name": registration.name
        }
    return _answer(
        request,
        session,
        registration=registration,
        message=message,
        extra={"client_id": str(client_id)},
    )


def checkin_capacity(request, session_id: int):
    """Change the capacity (empty: unlimited); new places go to the waiting list."""
    session = _session(request, session_id)
    raw = request.POST.get("capacity", "").strip()
    try:
        capacity = int(raw) if raw else None
        if capacity is not None and not 0 <= capacity <= 100_000:
            raise ValueError
    except ValueError:
        return _answer(
            request, session, error=_("Give the capacity as a whole number."), status=400
        )
    try:
        offered = session_capacity_change(
            session=session,
            capacity=capacity,
            emails_confirmed=request.POST.get(EMAILS_CONFIRMED, ""),
        )
    except EmailsToConfirm as error:
        return _confirm_emails(request, session, error)
    except RegistrationError as error:
        return _answer(request, session, error=error.message, status=409)
    if capacity is None:
        message = _("The session now has unlimited places.")
    else:
        message = _("The capacity is now %(capacity)s.") % {"capacity": capacity}
    if offered:
        message += " " + ngettext(
            "%(count)s person on the waiting list was offered a place and emailed.",
            "%(count)s people on the waiting list were offered a place and emailed.",
            offered,
        ) % {"count": offered}
    session.refresh_from_db()
    return _answer(
        request,
        session,
        message=message,
        extra={"offered": offered},
    )
