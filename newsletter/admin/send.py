"""The send page of an issue (/admin/newsletter/issue/<pk>/send/): the email as each
language's readers will get it, a test send, the audience, sending now or at a set time
after a confirmation, and the progress of a send (counts only: editors see it).

Editors may send (they change issues); programme officers may only look. Every page is
behind `admin_view` (the complete staff login)."""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin

from newsletter import services
from newsletter.emails import issue_test_rendering
from newsletter.exceptions import NewsletterError
from newsletter.models import Delivery, Issue
from portal.core.datetimes import format_with_zone, zone_name
from portal.core.i18n import language_in_text

# The email preview comes from our own origin into a sandboxed frame: no script may run in
# it and it may be framed by our pages only; its styles are the email's inline ones.
PREVIEW_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https:"],
    "frame-ancestors": ["'self'"],
    "sandbox": [True],
    "form-action": ["'none'"],
    "script-src": None,  # None drops the site's directive: default-src 'none' applies
    "connect-src": None,
    "font-src": None,
}


def office_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def office_time(value: datetime) -> str:
    """`value` on the office clock, with the zone named by its place: "3 December 2026,
    09:00 (Brussels time)"."""
    return format_with_zone(value)


class TestSendForm(forms.Form):
    addresses = forms.CharField(
        label=_("Send a test to"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, per request: in the staff member's language.
        self.fields["addresses"].help_text = _(
            "Up to %(max)d addresses, separated by commas or new lines. Each gets the issue "
            "once per language, marked [TEST], with an unsubscribe link that does nothing."
        ) % {"max": services.MAX_TEST_ADDRESSES}

    def clean_addresses(self) -> list[str]:
        raw = self.cleaned_data["addresses"].replace(";", ",").replace("\n", ",")
        emails = list(dict.fromkeys(a.strip().lower() for a in raw.split(",") if a.strip()))
        if not emails:
            raise forms.ValidationError(_("Give at least one address."))
        if len(emails) > services.MAX_TEST_ADDRESSES:
            raise forms.ValidationError(
                _("At most %(max)d addresses for a test.") % {"max": services.MAX_TEST_ADDRESSES}
            )
        wrong = []
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                wrong.append(email)
        if wrong:
            raise forms.ValidationError(
                _("Not valid email addresses: %(list)s") % {"list": ", ".join(wrong)}
            )
        return emails


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Send at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].help_text = _("Time on the office clock (%(zone)s).") % {
            "zone": zone_name(settings.TIME_ZONE)
        }

    def clean_at(self) -> datetime:
        at = self.cleaned_data["at"]
        # Typed on the office clock, whatever the staff member's own time zone.
        at = timezone.make_aware(at.replace(tzinfo=None), office_zone())
        if at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return at


def audience_lines(audience: dict[str, int]) -> list[dict]:
    return [
        {"code": code, "name": name, "count": audience.get(code, 0)}
        for code, name in settings.LANGUAGES
    ]


def audience_sentence(audience: dict[str, int]) -> str:
    """ "12 subscribers will receive it: 9 in English, 3 in French"."""
    total = sum(audience.values())
    parts = ", ".join(
        gettext("%(count)d in %(language)s")
        % {"count": audience.get(code, 0), "language": language_in_text(code)}
        for code, _name in settings.LANGUAGES
    )
    return ngettext(
        "%(total)d subscriber will receive it: %(parts)s.",
        "%(total)d subscribers will receive it: %(parts)s.",
        total,
    ) % {"total": total, "parts": parts}


class IssueSendPages:
    """The send page, its email preview and its progress JSON, for IssueAdmin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/send/", view(self.send_view), name="newsletter_issue_send"),
            path(
                "<int:pk>/send/preview/<str:language>/",
                view(xframe_options_sameorigin(self.preview_view)),
                name="newsletter_issue_send_preview",
            ),
            path(
                "<int:pk>/send/progress/",
                view(never_cache(self.progress_view)),
                name="newsletter_issue_send_progress",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["send_url"] = reverse("admin:newsletter_issue_send", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _issue(self, request, pk: int) -> Issue:
        issue = get_object_or_404(Issue, pk=pk)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        return issue

    def preview_view(self, request, pk: int, language: str):
        issue = self._issue(request, pk)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        rendered = issue_test_rendering(issue, language)
        response = HttpResponse(rendered.html)
        response._csp_replace = PREVIEW_POLICY  # django-csp's per-response override
        return response

    def progress_view(self, request, pk: int):
        issue = self._issue(request, pk)
        progress = services.issue_progress(issue=issue)
        data = progress.as_json()
        data["last_activity_display"] = (
            office_time(progress.last_activity) if progress.last_activity else ""
        )
        data["started_display"] = office_time(progress.started_at) if progress.started_at else ""
        data["finished_display"] = office_time(progress.finished_at) if progress.finished_at else ""
        data["rate_display"] = floatformat(progress.rate, 1)  # "0,5" in French, as on load
        return JsonResponse(data)

    def send_view(self, request, pk: int):
        issue = self._issue(request, pk)
        can_send = self.has_change_permission(request, issue)
        url = reverse("admin:newsletter_issue_send", args=[issue.pk])
        test_form = TestSendForm(initial={"addresses": request.user.email})
        schedule_form = ScheduleForm()
        if request.method == "POST":
            if not can_send:
                raise PermissionDenied
            action = request.POST.get("action")
            confirmed = request.POST.get("confirmed") == "yes"
            if action == "test":
                test_form = TestSendForm(request.POST)
                if test_form.is_valid():
                    return self._send_test(request, issue, test_form.cleaned_data["addresses"], url)
            elif action == "schedule":
                schedule_form = ScheduleForm(request.POST)
                if schedule_form.is_valid():
                    at = schedule_form.cleaned_data["at"]
                    if not confirmed:
                        return self._confirm(request, issue, "schedule", at=at)
                    return self._act(
                        request,
                        url,
                        lambda: services.issue_send_schedule(issue=issue, at=at, user=request.user),
                        gettext("The issue will be sent at %(time)s. %(audience)s")
                        % {
                            "time": office_time(at),
                            "audience": audience_sentence(services.issue_audience()),
                        },
                    )
            elif action in ("send", "resend"):
                if not confirmed:
                    return self._confirm(request, issue, action)
                if action == "send":
                    return self._send_now(request, issue, url)
                count = services.deliveries_resend_interrupted(issue=issue)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d interrupted message is being sent again.",
                        "%(count)d interrupted messages are being sent again.",
                        count,
                    )
                    % {"count": count},
                )
                return HttpResponseRedirect(url)
            elif action == "cancel":
                return self._act(
                    request,
                    url,
                    lambda: services.issue_send_schedule_cancel(issue=issue),
                    gettext("The scheduled sending is cancelled: nobody will be emailed."),
                )
        return TemplateResponse(
            request,
            "admin/newsletter/issue/send.html",
            self._context(request, issue, can_send, test_form, schedule_form),
        )

    def _act(self, request, url: str, apply, done: str):
        try:
            apply()
        except NewsletterError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(url)

    def _send_test(self, request, issue: Issue, emails: list[str], url: str):
        try:
            services.issue_send_test(issue=issue, emails=emails, user=request.user)
        except NewsletterError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Test sent, in each language, to %(list)s. No subscriber was emailed.",
                    "Test sent, in each language, to %(list)s. No subscriber was emailed.",
                    len(emails),
                )
                % {"list": ", ".join(emails)},
            )
        return HttpResponseRedirect(url)

    def _send_now(self, request, issue: Issue, url: str):
        try:
            count = services.issue_send(issue=issue, user=request.user)
        except NewsletterError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Sending has started: %(count)d subscriber is being emailed.",
                    "Sending has started: %(count)d subscribers are being emailed.",
                    count,
                )
                % {"count": count},
            )
        return HttpResponseRedirect(url)

    def _confirm(self, request, issue: Issue, action: str, at: datetime | None = None):
        audience = services.issue_audience()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "issue": issue,
            "action": action,
            "at": at,
            "at_value": timezone.localtime(at, office_zone()).strftime("%Y-%m-%dT%H:%M")
            if at
            else "",
            "at_display": office_time(at) if at else "",
            "audience": audience_lines(audience),
            "audience_sentence": audience_sentence(audience),
            "interrupted": Delivery.objects.filter(
                issue=issue, status=Delivery.Status.UNKNOWN
            ).count(),
            "send_url": reverse("admin:newsletter_issue_send", args=[issue.pk]),
            "title": gettext("Confirm sending"),
        }
        return TemplateResponse(request, "admin/newsletter/issue/send_confirm.html", context)

    def _context(self, request, issue, can_send, test_form, schedule_form) -> dict:
        audience = services.issue_audience()
        try:
            services.issue_send_check(issue=issue)
            problem = ""
        except NewsletterError as exc:
            problem = "" if issue.send_started_at else exc.message
        previews = []
        for code, name in settings.LANGUAGES:
            rendered = issue_test_rendering(issue, code)
            previews.append(
                {
                    "code": code,
                    "name": name,
                    "subject": rendered.subject.removeprefix("[TEST] "),
                    "text": rendered.text,
                    "url": reverse("admin:newsletter_issue_send_preview", args=[issue.pk, code]),
                }
            )
        progress = services.issue_progress(issue=issue) if issue.send_started_at else None
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Send %(issue)s") % {"issue": issue},
            "issue": issue,
            "can_send": can_send,
            "problem": problem,
            "audience": audience_lines(audience),
            "audience_sentence": audience_sentence(audience),
            "stopped": services.issue_stopped_count(),
            "previews": previews,
            "test_form": test_form,
            "schedule_form": schedule_form,
            "scheduled_display": office_time(issue.send_scheduled_at)
            if issue.send_scheduled_at
            else "",
            "progress": progress,
            "progress_url": reverse("admin:newsletter_issue_send_progress", args=[issue.pk]),
            "started_display": office_time(issue.send_started_at) if issue.send_started_at else "",
            "finished_display": office_time(progress.finished_at)
            if progress and progress.finished_at
            else "",
            "last_activity_display": office_time(progress.last_activity)
            if progress and progress.last_activity
            else "",
            "change_url": reverse("admin:newsletter_issue_change", args=[issue.pk]),
            "zone": zone_name(settings.TIME_ZONE),
        }
