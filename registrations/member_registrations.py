"""The member's event registrations in My space (a `member_sections` entry of this app's
contributions), and what the member does with them there: download the session's calendar
entry, cancel. Only the member's own registrations: any other is a 404, never a 403 that
would say it exists."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.calendar import event_calendar
from portal.core.addresses import same_address
from portal.core.links import absolute_url
from portal.core.member_session import member_email, member_required
from registrations import services
from registrations.exceptions import RegistrationError
from registrations.models import Registration

EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class MemberRegistration:
    registration: Registration
    waiting_position: int | None

    @property
    def session(self):
        return self.registration.session

    @property
    def event(self):
        return self.registration.session.event


def _waiting_positions(registrations: list[Registration]) -> dict[int, int]:
    """{registration pk: place in its session's waiting list}, in one query for them all
    (Registration.waiting_position() asks once per registration)."""
    waiting = [r for r in registrations if r.status == Registration.Status.WAITING]
    if not waiting:
        return {}
    queue = Registration.objects.waiting_in_order().filter(
        session_id__in={r.session_id for r in waiting}
    )
    positions, counters = {}, {}
    for pk, session_id in queue.values_list("pk", "session_id"):
        counters[session_id] = counters.get(session_id, 0) + 1
        positions[pk] = counters[session_id]
    return positions


def _newest_session_first(registration: Registration) -> tuple:
    starts_at = registration.session.starts_at
    # Sessions without a date yet are the furthest ahead: first (the sort is reversed).
    return (starts_at is None, starts_at or EARLIEST)


def section_context(request: HttpRequest, email: str) -> dict:
    """The member's registrations, newest session first, the past ones apart."""
    registrations = list(
        Registration.objects.filter(same_address("email", email)).select_related(
            "session__event", "session__country"
        )
    )
    registrations.sort(key=_newest_session_first, reverse=True)
    positions = _waiting_positions(registrations)
    rows = [MemberRegistration(r, positions.get(r.pk)) for r in registrations]
    return {
        "upcoming": [row for row in rows if not row.session.is_past],
        "past": [row for row in rows if row.session.is_past],
    }


def _own(request: HttpRequest, pk: int, queryset=None) -> Registration:
    queryset = queryset if queryset is not None else Registration.objects.all()
    registration = (
        queryset.select_related("session__event", "session__country")
        .filter(same_address("email", member_email(request)), pk=pk)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


@member_required
@require_safe
def member_registration_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's session alone as an .ics file (the event's file lists every session)."""
    registration = _own(request, pk)
    session, event = registration.session, registration.session.event
    if not session.has_calendar_date:
        raise Http404
    body = event_calendar(event, url=absolute_url(event.get_absolute_url()), sessions=[session])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{session.pk}.ics"'
    return response


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then cancel (the service gives the place to the next person waiting)."""
    registration = _own(request, pk, Registration.objects.active())
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect("members:space")
    return render(
        request,
        "registrations/member/registration_cancel.html",
        {
            "registration": registration,
            "session": registration.session,
            "event": registration.session.event,
        },
    )
