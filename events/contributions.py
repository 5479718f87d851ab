"""What the events app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from events import demo, search
from events.dashboard import upcoming_sessions_panel
from events.models import Event, Session
from events.sitemaps import EventSitemap
from events.views import EventDetailView
from portal.core.contract import Contributions, Panel
from portal.core.roles import content_grants

CONTRIBUTIONS = Contributions(
    urls="events.urls",
    url_prefix=_("events/"),
    sitemaps={"events": EventSitemap},
    search_sources=search.SOURCES,
    previews={Event: EventDetailView},
    dashboard_panels=[Panel("events/dashboard_panel.html", upcoming_sessions_panel, Event)],
    page_models=[Event, Session],
    role_grants=content_grants(Event, Session),
    demo=demo.load,
)
