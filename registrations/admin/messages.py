"""Writing to the people of a session (a room change, documents to bring): write → preview
with "who will be emailed" → confirm → the message's page with its progress. The log of a
session's messages is shown on the event's admin page (registrations/admin/events.py)."""

import uuid

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname

from events.models import Event, Session
from portal.core.i18n import fallback_language, language_in_text
from registrations import services
from registrations.exceptions import RegistrationError
from registrations.models import AUDIENCE_STATUSES, Registration, SessionMessage
from registrations.services.messages import TEXT_FIELDS, message_texts, missing_texts

WRITE_PERMISSION = "registrations.add_sessionmessage"
VIEW_PERMISSION = "registrations.view_sessionmessage"


class SessionMessageForm(forms.Form):
    """Who to write to, and the subject and text in every language (the fallback
    language's required: readers of a language left empty get it)."""

    statuses = forms.MultipleChoiceField(
        label=_("Send to the people whose registration is"),
        choices=[(status.value, status.label) for status in AUDIENCE_STATUSES],
        widget=forms.CheckboxSelectMultiple,
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, counts: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if counts is not None:  # how many people with an address each status has now
            self.fields["statuses"].choices = [
                (status.value, f"{status.label} ({counts.get(status.value, 0)})")
                for status in AUDIENCE_STATUSES
            ]
        fallback = fallback_language()
        for code, name in settings.LANGUAGES:
            required = code == fallback
            self.fields[build_localized_fieldname("subject", code)] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=required,
                widget=forms.TextInput(attrs={"class": "vTextField"}),
            )
            self.fields[build_localized_fieldname("body", code)] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}),
                required=required,
                help_text=None
                if required
                else _(
                    "If left empty, the people registered in this language get the "
                    "%(fallback)s text."
                )
                % {"fallback": language_in_text(fallback)},
            )

    def texts(self) -> dict[str, str]:
        return {
            build_localized_fieldname(name, code): self.cleaned_data.get(
                build_localized_fieldname(name, code), ""
            )
            for name in TEXT_FIELDS
            for code, _name in settings.LANGUAGES
        }

    def language_fields(self):
        """(language name, [its subject and body fields]) per language, for the template."""
        return [
            (name, [self[build_localized_fieldname(field, code)] for field in TEXT_FIELDS])
            for code, name in settings.LANGUAGES
        ]


def audience_lines(audience) -> dict:
    """The audience in words, for the preview and the log."""
    labels = dict(Registration.Status.choices)
    return {
        "languages": [
            {"name": language_in_text(code), "count": count}
            for code, count in audience.by_language.items()
        ],
        "statuses": [
            {"label": labels[status], "count": count}
            for status, count in audience.by_status.items()
        ],
    }


def previews(form: SessionMessageForm) -> list[dict]:
    """What readers of each language get (the fallback text where one was left empty)."""
    draft = SessionMessage(**form.texts())
    missing = set(missing_texts(form.texts()))
    fallback = fallback_language()
    items = []
    for code, name in settings.LANGUAGES:
        subject, body = message_texts(draft, code)
        items.append(
            {
                "code": code if code not in missing else fallback,
                "name": name,
                "subject": subject,
                "body": body,
                "falls_back": code in missing and code != fallback,
            }
        )
    return items


def may_write(user) -> bool:
    """Writing to people needs their registrations (personal data) and the message right."""
    return user.has_perm(WRITE_PERMISSION) and user.has_perm("registrations.view_registration")


def session_messages_log(event: Event) -> str:
    """Per session of `event`: its messages (when, by whom, to whom, progress) and the way
    to write a new one (for the event's admin page)."""
    sessions = list(event.sessions.order_by("position", "starts_at", "pk"))
    by_session = {session.pk: [] for session in sessions}
    for message in (
        SessionMessage.objects.filter(session__event=event)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    ):
        message.counts = message.progress()
        by_session[message.session_id].append(message)
    return render_to_string(
        "admin/registrations/session_message_log.html",
        {
            "sessions": [
                {
                    "session": session,
                    "messages": by_session[session.pk],
                    "write_url": reverse(
                        "admin:registrations_sessionmessage_write", args=[session.pk]
                    ),
                }
                for session in sessions
            ]
        },
    )


@admin.register(SessionMessage)
class SessionMessageAdmin(admin.ModelAdmin):
    """Sent messages, to read: they are written from an event's page (one session at a
    time) and never changed once sent."""

    list_display = ["__str__", "session", "created_at", "created_by", "recipients", "progress"]
    list_select_related = ["session__event", "created_by"]
    list_filter = ["created_at"]
    fields = [
        "session", "sent_to", "created_by", "created_at", "recipients", "by_language",
        "skipped_without_email", "progress", "texts",
    ]  # fmt: skip
    readonly_fields = fields

    class Media:
        css = {"all": ["portal/admin/session_messages.css"]}

    def has_add_permission(self, request) -> bool:
        return False  # written from a session (the write page), never from here

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "session/<int:session_id>/write/",
                self.admin_site.admin_view(self.write_view),
                name="registrations_sessionmessage_write",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        message = self.get_object(request, object_id)
        sending = message is not None and message.progress()["pending"] > 0
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "sending": sending}
        )

    @admin.display(description=_("sent to"))
    def sent_to(self, message: SessionMessage) -> str:
        return ", ".join(message.status_labels())

    @admin.display(description=_("languages"))
    def by_language(self, message: SessionMessage) -> str:
        return ", ".join(
            _("%(count)s in %(language)s") % {"count": count, "language": language_in_text(code)}
            for code, count in message.languages.items()
        )

    @admin.display(description=_("progress"))
    def progress(self, message: SessionMessage) -> str:
        counts = message.progress()
        return _("%(sent)s sent, %(failed)s failed, %(pending)s pending") % counts

    @admin.display(description=_("text"))
    def texts(self, message: SessionMessage) -> str:
        return render_to_string(
            "admin/registrations/session_message_texts.html",
            {"items": _message_items(message)},
        )

    def write_view(self, request, session_id: int):
        if not may_write(request.user):
            raise PermissionDenied
        session = get_object_or_404(Session.objects.select_related("event"), pk=session_id)
        event_url = reverse("admin:events_event_change", args=[session.event_id])
        counts = services.session_message_audience(
            session=session, statuses=[status.value for status in AUDIENCE_STATUSES]
        ).by_status
        step = "write"
        if request.method == "POST":
            form = SessionMessageForm(request.POST, counts=counts)
            if form.is_valid() and "_back" not in request.POST:
                step = "preview"
                if "_confirm" in request.POST:
                    sent = self._send(request, session, form)
                    if sent is not None:
                        return sent
        else:
            form = SessionMessageForm(
                initial={"token": uuid.uuid4(), "statuses": [Registration.Status.CONFIRMED]},
                counts=counts,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Write to the people of a session"),
            "subtitle": str(session),
            "session": session,
            "event_url": event_url,
            "form": form,
        }
        if step == "preview":
            audience = services.session_message_audience(
                session=session, statuses=form.cleaned_data["statuses"]
            )
            context.update(
                audience=audience,
                lines=audience_lines(audience),
                previews=previews(form),
                fallback=language_in_text(fallback_language()),
            )
            return TemplateResponse(
                request, "admin/registrations/session_message_preview.html", context
            )
        return TemplateResponse(request, "admin/registrations/session_message_write.html", context)

    def _send(self, request, session: Session, form: SessionMessageForm):
        try:
            message = services.session_message_send(
                session=session,
                statuses=form.cleaned_data["statuses"],
                texts=form.texts(),
                token=form.cleaned_data["token"],
                user=request.user,
            )
        except RegistrationError as error:
            messages.error(request, error.message)
            return None
        self.message_user(
            request,
            ngettext(
                "The message is being sent to %(count)d person.",
                "The message is being sent to %(count)d people.",
                message.recipients,
            )
            % {"count": message.recipients},
            messages.SUCCESS,
        )
        if message.skipped_without_email:
            self.message_user(request, skipped_text(message.skipped_without_email), messages.INFO)
        return HttpResponseRedirect(
            reverse("admin:registrations_sessionmessage_change", args=[message.pk])
        )


def skipped_text(count: int) -> str:
    return ngettext(
        "%(count)d person has no email address (added at the door) and is not emailed.",
        "%(count)d people have no email address (added at the door) and are not emailed.",
        count,
    ) % {"count": count}


def _message_items(message: SessionMessage) -> list[dict]:
    fallback = fallback_language()
    return [
        {
            "code": fallback if code in message.fallback_languages else code,
            "name": name,
            "subject": message_texts(message, code)[0],
            "body": message_texts(message, code)[1],
            "falls_back": code in message.fallback_languages,
        }
        for code, name in settings.LANGUAGES
    ]
