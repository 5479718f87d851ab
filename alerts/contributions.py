"""What the alerts app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from alerts import member, privacy, tasks
from alerts.dashboard import alerts_panel
from alerts.models import AlertDelivery, AlertItem, AlertSubscription
from alerts.urls import root_urlpatterns
from portal.core.contract import Contributions, MemberSection, Panel
from portal.core.roles import personal_data_grants

CONTRIBUTIONS = Contributions(
    urls="alerts.urls",
    url_prefix=_("alerts/"),
    root_urls=root_urlpatterns,
    personal_data=privacy.PERSONAL_DATA,
    dashboard_panels=[Panel("alerts/dashboard_panel.html", alerts_panel, AlertDelivery)],
    periodic_tasks=[tasks.collect_and_send_alerts],
    # Items tell which content members heard of; with the deliveries, people's data.
    role_grants=personal_data_grants(AlertSubscription, AlertDelivery, AlertItem),
    member_sections=[MemberSection("alerts/member/alerts.html", member.section, order=20)],
)
