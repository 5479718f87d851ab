"""The registrations' bulk actions that email people (promote, cancel) first say who will be
emailed and ask, like Django's delete confirmation; the change is made when staff confirm."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from registrations.models import Registration

Status = Registration.Status


def confirmed(request) -> bool:
    return request.POST.get("post") == "yes"


def _with_email(queryset):
    return queryset.exclude(email="")


def promote_audience(queryset) -> list[str]:
    """What promoting `queryset` emails: each person waiting is confirmed."""
    count = _with_email(queryset.filter(status=Status.WAITING)).count()
    return [_("People waiting, told their place is confirmed: %(count)d") % {"count": count}]


def cancel_audience(queryset) -> list[str]:
    """What cancelling `queryset` emails: each active registrant, and the first people
    waiting, offered the places freed."""
    active = queryset.filter(status__in=Registration.ACTIVE)
    lines = [
        _("People told their registration is cancelled: %(count)d")
        % {"count": _with_email(active).count()}
    ]
    freed = active.filter(status__in=Registration.HOLDS_PLACE).count()
    if freed:
        lines.append(
            _("People waiting who may be offered a freed place: up to %(count)d") % {"count": freed}
        )
    return lines


def action_confirmation(modeladmin, request, queryset, *, action: str, title: str, lines):
    return TemplateResponse(
        request,
        "admin/registrations/registration_action_confirmation.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.opts,
            "queryset": queryset,
            "lines": lines,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )
