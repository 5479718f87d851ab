"""The talent pool's part of a member's My space (a MemberSection in contributions.py), and
the offer at the end of an application (an ItemSection for an Application)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from portal.core.member_session import member_email
from registrations.models import Application
from talent.models import ExpertProfile


def section(request: HttpRequest, email: str) -> dict:
    """The member's profile (three queries, whatever it holds), its state and how long it
    is kept."""
    profile = (
        ExpertProfile.objects.filter(email=email).prefetch_related("sectors", "skills").first()
    )
    if profile is None:
        return {"profile": None}
    today = timezone.localdate()
    if profile.is_paused(today):
        state = "paused"
    elif profile.reminder_sent_at is not None:
        state = "awaiting-confirmation"
    elif profile.available_from and profile.available_from > today:
        state = "available-from"
    else:
        state = "available"
    retention = settings.PERSONAL_DATA_RETENTION_DAYS["expert_profiles"]
    return {
        "profile": profile,
        "state": state,
        "kept_until": timezone.localdate(profile.confirmed_at + timedelta(days=retention)),
    }


def from_application(request: HttpRequest, item: Model) -> dict | None:
    """On the thanks page of an application (shown only to the browser that sent it): the
    offer to keep a profile for future calls. The same offer whether or not the address
    already has a profile: anyone may type any address into an application, so the page
    must not tell them that address is in the pool (the profile form says "update" once
    its owner has signed in). A browser already signed in to the application's address is
    not told to sign in."""
    if not isinstance(item, Application):
        return None
    signed_in = member_email(request)
    return {
        "reference": item.reference,
        "signed_in": signed_in is not None and signed_in == item.email.strip().lower(),
    }
