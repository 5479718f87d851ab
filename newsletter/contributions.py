"""What the newsletter app contributes to the site (the contract: portal/core/contract.py)."""

from django.utils.translation import gettext_lazy as _

from newsletter import demo, member, privacy, search, sitemaps, tasks
from newsletter.dashboard import last_send_panel, subscribers_panel
from newsletter.models import Article, Delivery, Issue, Subscriber, Suppression
from newsletter.urls import root_urlpatterns
from newsletter.views import ArticleDetailView, IssueDetailView
from portal.core.contract import Contributions, MemberSection, Panel
from portal.core.roles import content_grants, grants_merge, personal_data_grants

CONTRIBUTIONS = Contributions(
    urls="newsletter.urls",
    url_prefix=_("news/"),
    root_urls=root_urlpatterns,
    sitemaps={"issues": sitemaps.IssueSitemap, "articles": sitemaps.ArticleSitemap},
    search_sources=search.SOURCES,
    previews={Issue: IssueDetailView, Article: ArticleDetailView},
    personal_data=privacy.PERSONAL_DATA,
    dashboard_panels=[
        Panel("newsletter/dashboard_subscribers.html", subscribers_panel, Subscriber),
        Panel("newsletter/dashboard_last_send.html", last_send_panel, Issue),
    ],
    periodic_tasks=[tasks.resume_interrupted_sending, tasks.start_scheduled_sends],
    # Not Subscriber or Delivery: no public page shows them, and a send writes thousands.
    page_models=[Issue, Article],
    role_grants=grants_merge(
        content_grants(Issue, Article), personal_data_grants(Subscriber, Delivery, Suppression)
    ),
    demo=demo.load,
    member_sections=[
        MemberSection("newsletter/member/subscription.html", member.section_context, order=10)
    ],
)
