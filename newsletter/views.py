import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, TemplateView

from newsletter import services
from newsletter.exceptions import InvalidToken
from newsletter.forms import ManageSubscriptionForm, NewLinkForm, SubscribeForm
from newsletter.models import Article, Issue
from newsletter.tokens import CONFIRM_MAX_AGE, CONFIRM_SALT, MANAGE_SALT, make_token, read_token
from portal.core import ratelimit
from portal.core.cache import page_tags
from portal.core.i18n import (
    TranslatedSlugMixin,
    fallback_language,
    is_missing_in,
    localized_fields,
)
from portal.core.models import Page, SiteSettings
from portal.core.preview import DraftPreviewMixin


class IssueListView(TemplateView):
    """The archive: newest first, paginated, with a filter by year."""

    template_name = "newsletter/issue_list.html"
    paginate_by = 10
    cache_query_params = ("year", "page")  # portal/core/cache.py

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_tags(self.request, Issue, Article)
        issues = Issue.objects.published().prefetch_related(
            Prefetch(
                "articles",
                # Cards show the title, summary and image: only the bodies stay behind.
                queryset=Article.objects.defer(*localized_fields("body")),
            )
        )
        years = sorted(
            set(issues.annotate(year=ExtractYear("date")).values_list("year", flat=True)),
            reverse=True,
        )
        year = self.request.GET.get("year", "")
        if year.isdigit() and int(year) in years:
            issues = issues.filter(date__year=int(year))
        else:
            year = ""
        page = Paginator(issues, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page,
            issues=page.object_list,
            years=years,
            year=year,
            subscribe_form=SubscribeForm(),
        )
        return context


class IssueDetailView(DraftPreviewMixin, DetailView):
    template_name = "newsletter/issue_detail.html"
    context_object_name = "issue"

    def get_object(self, queryset=None):
        issues = Issue.objects.published().prefetch_related("articles")
        return get_object_or_404(issues, number=self.kwargs["number"])

    def get_draft_object(self) -> Issue | None:
        return Issue.objects.filter(number=self.kwargs["number"]).first()

    def get_context_data(self, **kwargs):
        page_tags(self.request, self.object)
        return super().get_context_data(subscribe_form=SubscribeForm(), **kwargs)


class ArticleDetailView(DraftPreviewMixin, TranslatedSlugMixin, DetailView):
    template_name = "newsletter/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(issue__number=self.kwargs["number"])
            .select_related("issue", "project", "call__project")
        )

    def get_draft_object(self) -> Article | None:
        return self.get_object(Article.objects.filter(issue__number=self.kwargs["number"]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_tags(self.request, self.object, self.object.issue)
        siblings = list(
            Article.objects.filter(issue=self.object.issue).only(
                "pk", "issue_id", "position", *localized_fields("title", "slug")
            )
        )
        index = next(i for i, a in enumerate(siblings) if a.pk == self.object.pk)
        for article in siblings:
            article.issue = self.object.issue  # for get_absolute_url without a query
        context.update(
            jsonld_data=self.jsonld(),
            previous_article=siblings[index - 1] if index > 0 else None,
            next_article=siblings[index + 1] if index + 1 < len(siblings) else None,
            subscribe_form=SubscribeForm(),
        )
        return context

    def jsonld(self) -> dict:
        article, issue = self.object, self.object.issue
        site = SiteSettings.load()
        published = issue.publish_at or issue.date
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title[:110],
            "description": article.summary,
            "datePublished": published.isoformat(),
            "dateModified": article.updated_at.isoformat(),
            "inLanguage": fallback_language() if is_missing_in(article) else get_language(),
            "mainEntityOfPage": self.request.build_absolute_uri(article.get_absolute_url()),
            "isPartOf": {"@type": "PublicationIssue", "issueNumber": str(issue.number)},
            "author": {"@type": "Organization", "name": site.organisation_name},
            "publisher": {"@type": "Organization", "name": site.organisation_name},
        }
        if article.image:
            data["image"] = self.request.build_absolute_uri(article.image.url)
        return data


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "newsletter/subscribe.html", {"form": SubscribeForm()})
    form = SubscribeForm(request.POST)
    if over := ratelimit.refused(
        request, "subscribe", form=form, template="newsletter/subscribe.html"
    ):
        return over
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", {"form": form}, status=400)
    # Queued: the lookup and any email happen in the task, so the answer is the same, in
    # the same time, for a subscribed address and a new one.
    services.subscription_request_queue(
        email=form.cleaned_data["email"],
        language=form.cleaned_data["language"],
        source=form.cleaned_data["source"] or "website",
        privacy_version=Page.privacy_version(),
    )
    return redirect("newsletter:subscribe-thanks")


class SubscribeThanksView(TemplateView):
    template_name = "newsletter/subscribe_thanks.html"


def _invalid_link(request: HttpRequest) -> HttpResponse:
    """A forged, expired, replaced or old-format link: say so, and offer a new one."""
    return render(
        request,
        "newsletter/token_invalid.html",
        {"error": InvalidToken.default_message, "form": NewLinkForm(), "robots": "noindex"},
        status=400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def new_link(request: HttpRequest) -> HttpResponse:
    """Ask for a new link to manage a subscription. The answer is the same whether the
    address is subscribed or not: the lookup and the email happen in the task."""
    form = NewLinkForm(request.POST or None)
    if request.method == "GET":
        return render(request, "newsletter/new_link.html", {"form": form})
    if over := ratelimit.refused(
        request, "newsletter-new-link", form=form, template="newsletter/new_link.html"
    ):
        return over
    if not form.is_valid():
        return render(request, "newsletter/new_link.html", {"form": form}, status=400)
    services.manage_link_request_queue(email=form.cleaned_data["email"])
    return redirect("newsletter:new-link-sent")


class NewLinkSentView(TemplateView):
    template_name = "newsletter/new_link_sent.html"


class UnsubscribedView(TemplateView):
    template_name = "newsletter/unsubscribed.html"


@never_cache  # shows the subscriber's address: never in a shared cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST confirms. Mail scanners that open links do not subscribe
    anyone: only a person's click does."""
    try:
        subscriber = read_token(token, CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except InvalidToken:
        return _invalid_link(request)
    if request.method == "POST":
        services.subscription_confirm(subscriber=subscriber)
        return render(request, "newsletter/subscription_confirmed.html", {"subscriber": subscriber})
    return render(request, "newsletter/subscription_confirm.html", {"subscriber": subscriber})


@never_cache  # shows the subscriber's address and preferences
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_manage(request: HttpRequest, token: str) -> HttpResponse:
    """Change language or unsubscribe, from the link in every email, without an account."""
    try:
        subscriber = read_token(token, MANAGE_SALT)
    except InvalidToken:
        return _invalid_link(request)
    form = ManageSubscriptionForm(request.POST or None, initial={"language": subscriber.language})
    if request.method == "POST":
        if "unsubscribe" in request.POST:
            services.subscription_unsubscribe(subscriber=subscriber)  # this link dies too
            return redirect("newsletter:unsubscribed")
        if "rotate" in request.POST:
            services.subscription_links_rotate(subscriber=subscriber)
            messages.success(
                request,
                _(
                    "Your earlier links no longer work. We have emailed you the new link to "
                    "this page."
                ),
            )
            return redirect(
                reverse(
                    "newsletter:subscription-manage",
                    kwargs={"token": make_token(subscriber, MANAGE_SALT)},
                )
            )
        if form.is_valid():
            services.subscription_change_language(
                subscriber=subscriber, language=form.cleaned_data["language"]
            )
            messages.success(request, _("Your preferences are saved."))
            return redirect(request.path)
    return render(
        request,
        "newsletter/subscription_manage.html",
        {"form": form, "subscriber": subscriber, "robots": "noindex"},
    )


@csrf_exempt  # RFC 8058: mail clients POST without a session; the signed token is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_one_click_dispatch(request: HttpRequest, token: str) -> HttpResponse:
    """POST (from a mail client's unsubscribe button) unsubscribes at once; GET (a person
    following the link) goes to the page where they can unsubscribe or change language."""
    if request.method == "GET":
        return redirect(reverse("newsletter:subscription-manage", kwargs={"token": token}))
    try:
        subscriber = read_token(token, MANAGE_SALT)
    except InvalidToken:
        raise Http404 from None
    services.subscription_unsubscribe(subscriber=subscriber)
    return HttpResponse("Unsubscribed.", content_type="text/plain")


class TestUnsubscribeView(TemplateView):
    """Where the unsubscribe link of a test email leads: it changes nothing."""

    template_name = "newsletter/test_unsubscribe.html"


@csrf_exempt  # called by the mail system, which has no session: the secret token is the proof
@never_cache
@require_http_methods(["POST"])
def bounce_report(request: HttpRequest) -> HttpResponse:
    """Hard bounces and complaints from the mail system (see the README): POST JSON with
    `Authorization: Bearer <NEWSLETTER_BOUNCE_TOKEN>`. 404 while no token is configured,
    401 for a missing or wrong token, 400 for a body that is not a report."""
    expected = settings.NEWSLETTER_BOUNCE_TOKEN
    if not expected:
        raise Http404
    authorization = request.headers.get("Authorization", "")
    given = authorization.removeprefix("Bearer ")
    if (
        not authorization.startswith("Bearer ")
        or not given
        or not hmac.compare_digest(given.encode(), expected.encode())
    ):
        return JsonResponse({"error": "missing or wrong token"}, status=401)
    try:
        reports = services.reports_from_json(json.loads(request.body))
    except (ValueError, UnicodeDecodeError) as exc:
        return JsonResponse({"error": str(exc)[:200]}, status=400)
    stopped = services.reports_apply(reports)
    return JsonResponse({"received": len(reports), "stopped": stopped})
