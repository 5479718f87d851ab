from django.urls import path
from django.utils.translation import gettext_lazy as _

from newsletter import member, views
from newsletter.feeds import ArticleFeed

app_name = "newsletter"

urlpatterns = [
    path("", views.IssueListView.as_view(), name="issue-list"),
    path(_("feed/"), ArticleFeed(), name="feed"),
    path(_("subscribe/"), views.subscribe, name="subscribe"),
    path(_("subscribe/thanks/"), views.SubscribeThanksView.as_view(), name="subscribe-thanks"),
    path(
        _("subscription/confirm/<str:token>/"),
        views.subscription_confirm,
        name="subscription-confirm",
    ),
    # Before the manage page, whose pattern would take "new-link" for a token.
    path(_("subscription/new-link/"), views.new_link, name="new-link"),
    path(_("subscription/new-link/sent/"), views.NewLinkSentView.as_view(), name="new-link-sent"),
    path(_("unsubscribed/"), views.UnsubscribedView.as_view(), name="unsubscribed"),
    path(_("test-email/"), views.TestUnsubscribeView.as_view(), name="test-unsubscribe"),
    # The signed-in member's subscription, from My space (before the token pattern).
    path(_("subscription/mine/subscribe/"), member.member_subscribe, name="member-subscribe"),
    path(_("subscription/mine/language/"), member.member_language, name="member-language"),
    path(_("subscription/mine/unsubscribe/"), member.member_unsubscribe, name="member-unsubscribe"),
    path(_("subscription/<str:token>/"), views.subscription_manage, name="subscription-manage"),
    path("<int:number>/", views.IssueDetailView.as_view(), name="issue-detail"),
    path("<int:number>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
]

# Outside the language prefix and without the app's namespace (contributions.py): the
# address mail clients POST to for RFC 8058 one-click unsubscribe, without a CSRF token.
root_urlpatterns = [
    path(
        "newsletter/unsubscribe/<str:token>/",
        views.unsubscribe_one_click_dispatch,
        name="newsletter-unsubscribe-one-click",
    ),
    # Bounce and complaint reports from the mail system (token in NEWSLETTER_BOUNCE_TOKEN).
    path("newsletter/bounces/", views.bounce_report, name="newsletter-bounces"),
]
