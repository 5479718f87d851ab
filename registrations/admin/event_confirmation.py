"""The events admin asks before a save emails registrants (a date set, a new date or
place, more places for the waiting list, a cancelled session or event), like Django's
delete confirmation: the save is made inside the admin's transaction, the emails it would
send are counted, and unless staff confirmed exactly these counts the transaction is rolled
back (nothing saved, no email: they go only after a commit) and a page says who will be
emailed, carrying the form's data to post again. After a confirmed save, a message says
who is being emailed."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.models import Session
from registrations.services.announcements import (
    Announcement,
    announcements_signature,
    event_change_announcements,
)

CONFIRM_FIELD = "_emails_confirmed"


class ConfirmationNeeded(Exception):
    def __init__(self, announcements: list[Announcement]):
        super().__init__("emails to confirm")
        self.announcements = announcements


class ConfirmEmailsMixin:
    """Mixed into the events admin (registrations/admin/events.py)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConfirmationNeeded as pending:  # the admin's transaction was rolled back
            return self.emails_confirmation(request, object_id, pending.announcements)

    def save_model(self, request, obj, form, change):
        # Counted before the save, against the stored event (sessions: in save_formset).
        request._emails_pending = event_change_announcements(event=obj) if change else []
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        pending = getattr(request, "_emails_pending", None)
        if pending is not None and formset.model is Session:
            changed, cancelled = [], []
            for session_form in formset.forms:
                if not session_form.instance.pk or not hasattr(session_form, "cleaned_data"):
                    continue
                if session_form.cleaned_data.get("DELETE"):
                    continue
                if session_form.has_changed():
                    changed.append(session_form.instance)
                if session_form.cleaned_data.get("cancel_session"):
                    cancelled.append(session_form.instance)
            # Counted now, before the sessions are saved (the stored rows are the "before").
            pending.extend(event_change_announcements(sessions=changed, cancelled=cancelled))
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        announcements = getattr(request, "_emails_pending", None)
        if not announcements:
            return
        if request.POST.get(CONFIRM_FIELD) != announcements_signature(announcements):
            raise ConfirmationNeeded(announcements)
        total = sum(announcement.count for announcement in announcements)
        self.message_user(
            request,
            ngettext(
                "Emails are being sent to %(count)d person: %(what)s",
                "Emails are being sent to %(count)d people: %(what)s",
                total,
            )
            % {"count": total, "what": " ".join(a.what for a in announcements)},
            messages.INFO,
        )

    def emails_confirmation(self, request, object_id, announcements: list[Announcement]):
        obj = self.get_object(request, object_id)
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
            for value in values
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Who will be emailed"),
            "subtitle": str(obj),
            "opts": self.opts,
            "object": obj,
            "announcements": announcements,
            "total": sum(announcement.count for announcement in announcements),
            "fields": fields,
            "confirm_field": CONFIRM_FIELD,
            "signature": announcements_signature(announcements),
            "files_dropped": bool(request.FILES),
        }
        return TemplateResponse(
            request, "admin/registrations/event_email_confirmation.html", context
        )
