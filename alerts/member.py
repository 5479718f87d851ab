"""The alerts part of a member's My space (a MemberSection in contributions.py)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from alerts.models import AlertSubscription


def summary(subscription: AlertSubscription) -> str:
    """ "Weekly digest: Rwanda, Niger · Health" in the active language."""
    countries = [c.name for c in subscription.countries.all()] or [_("all countries")]
    sectors = [s.name for s in subscription.sectors.all()] or [_("all sectors")]
    return _("%(frequency)s: %(countries)s · %(sectors)s") % {
        "frequency": subscription.get_frequency_display(),
        "countries": ", ".join(countries),
        "sectors": ", ".join(sectors),
    }


def section(request: HttpRequest, email: str) -> dict:
    subscription = (
        AlertSubscription.objects.filter(email=email, active=True)
        .prefetch_related("countries", "sectors")
        .first()
    )
    return {"subscription": subscription, "summary": summary(subscription) if subscription else ""}
