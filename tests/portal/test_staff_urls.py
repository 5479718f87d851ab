"""Every staff-only URL of the project needs a complete staff login.

The test walks every URL pattern the resolver knows (recursively, in each language for the
language-prefixed ones), fills the path parameters from real rows, and fetches each with GET
and POST as a superuser who typed the password but not the second factor. A staff-only URL
may answer only with the login or second-factor step (a redirect to it, or the page itself),
403, 404 or 405. Every pattern must be classified: a new staff URL that nobody listed here
makes the test fail, so it cannot slip through unprotected.
"""

import itertools
import re
import uuid
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_tasks_db.models import DBTaskResult

from alerts.models import AlertDelivery, AlertDeliveryItem, AlertItem, AlertSubscription
from dialogue.models import BlockedTerm
from newsletter.models import Delivery, Issue, Suppression
from portal.core import preview
from portal.core.models import PersonalDataRequest, SiteSettings
from registrations.models import (
    Application,
    Interest,
    SessionMessage,
    SessionMessageDelivery,
    StatusMessage,
)
from talent.models import Invitation
from tests.dialogue.factories import QuestionFactory
from tests.events.factories import SessionFactory
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.portal import documents
from tests.portal.factories import PageFactory
from tests.portal.url_classes import (
    LOGIN_STEPS,
    LOGIN_TEMPLATES,
    MEMBER_APPS,
    PUBLIC,
    STAFF_VIEWS,
)
from tests.projects.factories import (
    CallFactory,
    CountryFactory,
    PartnerFactory,
    SectorFactory,
    SkillFactory,
)
from tests.registrations.factories import RegistrationFactory
from tests.talent.factories import ExpertProfileFactory, InvitationFactory

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Unpublished draft, staff eyes only"
PLACEHOLDER = re.compile(r"<(?:[^>:]+:)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)|\([^?][^)]*\)")
ADMIN_MODEL_URL = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")


def walk(patterns, chain=()):
    """Every (resolver, ..., pattern) chain from the root to a leaf."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, (*chain, entry))
        else:
            yield (*chain, entry)


def template_of(chain) -> str:
    """The pattern as a path with placeholders, in the active language."""
    pieces = []
    for entry in chain:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            pieces.append(pattern.language_prefix)
        elif isinstance(pattern, RegexPattern):
            pieces.append(str(pattern).removeprefix("^").removesuffix("$"))
        else:
            assert isinstance(pattern, RoutePattern), pattern
            pieces.append(str(pattern))
    return "".join(pieces)


def key_of(chain) -> str:
    """The namespaced URL name, or (unnamed patterns) the English template."""
    leaf = chain[-1]
    if leaf.name:
        namespaces = [entry.namespace for entry in chain[:-1] if entry.namespace]
        return ":".join([*namespaces, leaf.name])
    with translation.override("en"):
        return template_of(chain)


def is_i18n(chain) -> bool:
    return any(isinstance(entry.pattern, LocalePrefixPattern) for entry in chain)


@pytest.fixture
def rows():
    """One row of each model a URL can name (and a draft that only staff may see)."""
    call = CallFactory(is_published=True)
    session = SessionFactory(event__is_published=True)
    article = ArticleFactory()
    draft = IssueFactory(status=Issue.Status.DRAFT, title_en=DRAFT_TITLE, title_fr=DRAFT_TITLE)
    subscriber = SubscriberFactory()
    registration = RegistrationFactory(session=session)
    sector = SectorFactory()
    InvitationFactory(call=call, profile=ExpertProfileFactory(skills=[SkillFactory()]))
    now = timezone.now()
    common = {"email": "amina@example.org", "language": "en", "consent_at": now}
    application = Application.objects.create(
        call=call, name="Amina Uwase", country_of_origin="RW", country_of_residence="BE",
        profession="Nurse", sector=sector, years_of_experience=5, qualification="master",
        available_from="2027-01-01", availability="3-6", motivation="x",
        cv=documents.upload(documents.PDF), submission_key=uuid.uuid4(), **common,
    )  # fmt: skip
    Interest.objects.create(
        project=call.project, organisation="Kigali Health Invest", contact_person="Ada",
        country="BE", kind="investment", amount="10k-50k", message="x",
        submission_key=uuid.uuid4(), **common,
    )  # fmt: skip
    Delivery.objects.create(issue=article.issue, subscriber=subscriber)
    Suppression.objects.create(email_hash="0" * 64, reason=Suppression.Reason.BOUNCED)
    alert_member = AlertSubscription.objects.create(**common)
    alert_item = AlertItem.objects.create(kind=AlertItem.Kind.CALL_OPENED, call=call)
    alert = AlertDelivery.objects.create(subscription=alert_member, kind="immediate")
    AlertDeliveryItem.objects.create(delivery=alert, item=alert_item, subscription=alert_member)
    PersonalDataRequest.objects.create(action=PersonalDataRequest.Action.EXPORT)
    Group.objects.create(name="Editors of nothing")
    attempt = {"ip_address": "192.0.2.1", "username": "x", "user_agent": "ua", "path_info": "/"}
    AccessAttempt.objects.create(
        get_data="", post_data="", http_accept="*/*", failures_since_start=1, **attempt
    )
    AccessLog.objects.create(http_accept="*/*", **attempt)
    AccessFailureLog.objects.create(http_accept="*/*", locked_out=False, **attempt)
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="portal.core.tasks.x",
        backend_name="default", run_after=now, exception_class_path="", traceback="",
    )  # fmt: skip
    SiteSettings.load()
    PartnerFactory()
    BlockedTerm.objects.create(term="casino")
    # The default status messages come from a data migration, without a history row.
    message = StatusMessage.objects.order_by("pk").first() or StatusMessage(
        kind="interest", status="closed"
    )
    message.save()
    session_message = SessionMessage.objects.create(
        session=session, statuses=["confirmed"], subject_en="Room change", body_en="Room 2."
    )
    SessionMessageDelivery.objects.create(message=session_message, registration=registration)
    return {
        "call": call, "project": call.project, "session": session, "event": session.event,
        "article": article, "issue": article.issue, "draft": draft, "page": PageFactory(),
        "country": CountryFactory(), "registration": registration, "application": application,
        "question": QuestionFactory(project=None, event=session.event, approved=True),
    }  # fmt: skip


# Path parameters of the public patterns: from the rows above.
PUBLIC_PARAMETERS = {
    ("newsletter:issue-detail", "number"): lambda r: r["issue"].number,
    ("newsletter:article-detail", "number"): lambda r: r["article"].issue.number,
    ("newsletter:article-detail", "slug"): lambda r: r["article"].slug,
    ("projects:country-detail", "code"): lambda r: r["country"].code.lower(),
    ("projects:call-detail", "slug"): lambda r: r["call"].slug,
    ("projects:project-detail", "slug"): lambda r: r["project"].slug,
    ("events:event-calendar", "slug"): lambda r: r["event"].slug,
    ("events:event-detail", "slug"): lambda r: r["event"].slug,
    ("registrations:register", "session_id"): lambda r: r["session"].pk,
    ("registrations:registration-requested", "session_id"): lambda r: r["session"].pk,
    ("registrations:apply", "slug"): lambda r: r["call"].slug,
    ("registrations:interest", "slug"): lambda r: r["project"].slug,
    ("registrations:registration-detail", "token"): lambda r: r["registration"].token,
    # A member's own page (sign-in first); tests/registrations check whose it is.
    ("registrations:submission-withdraw", "reference"): lambda r: r["application"].reference,
    ("portal:page-detail", "slug"): lambda r: r["page"].slug,
    # Newsletter tokens are signed: a made-up one is refused like a stale link.
    ("newsletter:subscription-confirm", "token"): lambda r: "made-up-token",
    ("newsletter:subscription-manage", "token"): lambda r: "made-up-token",
    ("newsletter-unsubscribe-one-click", "token"): lambda r: "made-up-token",
    # My space: a made-up sign-in link is refused; a member's own pages send to the sign-in.
    ("members:sign-in-link", "token"): lambda r: "made-up-token",
    ("members:consent-withdraw", "label"): lambda r: "registrations.registration",
    ("members:consent-withdraw", "pk"): lambda r: r["registration"].pk,
    ("registrations:member-registration-cancel", "pk"): lambda r: r["registration"].pk,
    ("registrations:member-registration-calendar", "pk"): lambda r: r["registration"].pk,
    ("alerts:stop", "token"): lambda r: "made-up-token",
    ("alerts-unsubscribe-one-click", "token"): lambda r: "made-up-token",
    ("dialogue:ask", "kind"): lambda r: "event",
    ("dialogue:ask", "pk"): lambda r: r["event"].pk,
    ("dialogue:confirm", "token"): lambda r: "made-up-token",
    ("dialogue:question", "pk"): lambda r: r["question"].pk,
    ("dialogue:report", "pk"): lambda r: r["question"].pk,
    ("dialogue:report-thanks", "pk"): lambda r: r["question"].pk,
    ("dialogue:withdraw", "pk"): lambda r: r["question"].pk,
    ("dialogue:item", "kind"): lambda r: "event",
    ("dialogue:item", "pk"): lambda r: r["event"].pk,
    ("talent:invitation", "token"): lambda r: "made-up-token",
    # A member's own page (sign-in first, then 404 for another address): tests/talent.
    ("talent:invitation-form", "pk"): lambda r: first_pk(Invitation),
    ("talent:still-interested", "token"): lambda r: "made-up-token",
}


def first_pk(model) -> str:
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"create a {model._meta.label} row in the `rows` fixture"
    return str(obj.pk)


def history_id(model) -> str:
    record = model.history.filter(**{model._meta.pk.attname: first_pk(model)}).first()
    assert record is not None, f"{model._meta.label} has no history row"
    return str(record.history_id)


def admin_values(template: str, name: str, position: int, rows) -> list[str]:
    """Values for a parameter of an /admin/ pattern."""
    found = ADMIN_MODEL_URL.match(template)
    model = None
    if found and found["app"] not in ("two_factor", "r"):
        model = apps.get_model(found["app"], found["model"])
    if name == "app_label":
        return sorted({model._meta.app_label for model in admin.site._registry})
    if name == "url":  # the admin's catch-all
        return ["no-such-page/"]
    if name == "call_id":  # the review pages of a call's applications
        return [str(rows["application"].call_id)]
    if name == "content_type_id":
        return [str(ContentType.objects.get_for_model(rows["event"]).pk)]
    if name == "session_id":  # writing to a session's people
        return [str(rows["session"].pk)]
    if name == "object_id" and template.startswith("admin/r/"):
        return [str(rows["event"].pk)]
    if name == "session_id":  # the check-in page of a session
        return [str(rows["session"].pk)]
    if model is not None and name in ("object_id", "pk", "id", "0"):
        return [first_pk(model)]
    if name == "language":  # the newsletter's email preview, per language
        return [code for code, _name in settings.LANGUAGES]
    if model is not None and position == 1 and "history" in template:
        return [history_id(model)]
    raise AssertionError(f"no value for <{name}> in {template}: teach this test")


def urls_for(chain, rows) -> list[str]:
    """The concrete URLs for a pattern in the active language."""
    template = template_of(chain)
    key = key_of(chain)
    placeholders = list(PLACEHOLDER.finditer(template))
    if not placeholders:
        return ["/" + template]
    if key == "portal:preview":
        labels = {model._meta.label_lower: model for model in preview.views()}
        return [
            "/" + template.replace("<str:model>", label).replace("<int:pk>", first_pk(model))
            for label, model in sorted(labels.items())
        ]
    choices = []
    for position, match in enumerate(placeholders):
        name = match["name"] or match["group"] or str(position)
        if template.startswith("admin/"):
            values = admin_values(template, name, position, rows)
        else:
            fill = PUBLIC_PARAMETERS.get((key, name))
            assert fill, f"no value for <{name}> in {key}: add it to PUBLIC_PARAMETERS"
            values = [str(fill(rows))]
        choices.append(values)
    urls = []
    for combination in itertools.product(*choices):
        url, offset = "", 0
        for match, value in zip(placeholders, combination, strict=True):
            url += template[offset : match.start()] + value
            offset = match.end()
        urls.append("/" + url + template[offset:])
    return urls


def all_urls(rows) -> list[tuple[str, str, bool]]:
    """(key, url, staff_only) for every pattern, in every language for i18n patterns."""
    found = []
    unclassified = []
    for chain in walk(get_resolver().url_patterns):
        key = key_of(chain)
        with translation.override("en"):
            staff_only = template_of(chain).startswith("admin/") or key in STAFF_VIEWS
        if not staff_only and key not in PUBLIC and not key.startswith(MEMBER_APPS):
            unclassified.append(key)
            continue
        languages = [code for code, _name in settings.LANGUAGES] if is_i18n(chain) else ["en"]
        for code in languages:
            with translation.override(code):
                found += [(key, url, staff_only) for url in urls_for(chain, rows)]
    assert not unclassified, f"classify these URL patterns (PUBLIC or STAFF_VIEWS): {unclassified}"
    return found


def shows_only_the_login(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code in (301, 302, 303, 307, 308):
        target = resolve(urlsplit(response["Location"]).path)
        return target.view_name in LOGIN_STEPS
    if response.status_code == 200 and not response.streaming:
        return bool(LOGIN_TEMPLATES & {template.name for template in response.templates})
    return False


@pytest.fixture
def password_only_superuser(settings, superuser_with_second_factor):
    # The attacker has the password, not the phone with the authenticator.
    settings.ADMIN_REQUIRE_2FA = True
    return superuser_with_second_factor


def test_no_staff_only_url_answers_a_password_only_staff_session(
    client, rows, password_only_superuser
):
    urls = all_urls(rows)
    staff_urls = [url for _key, url, staff_only in urls if staff_only]
    # The walk found the URLs that matter (a broken walk must not pass by finding nothing).
    application = Application.objects.get()
    assert f"/admin/registrations/application/{application.pk}/cv/" in staff_urls
    assert f"/admin/registrations/application/{application.pk}/change/" in staff_urls
    assert "/admin/portal/personaldatarequest/add/" in staff_urls
    assert "/admin/translations/" in staff_urls
    assert any(url.startswith("/fr/") and "newsletter.issue" in url for url in staff_urls)
    leaks, errors = [], []
    for _key, url, staff_only in urls:
        for method in ("get", "post"):
            if "_auth_user_id" not in client.session:  # the two-factor "cancel" logs out
                client.force_login(password_only_superuser)
            response = getattr(client, method)(url)
            if response.status_code >= 500:
                errors.append((method, url, response.status_code))
            elif staff_only and not shows_only_the_login(response):
                leaks.append((method, url, response.status_code))
            elif not response.streaming and DRAFT_TITLE.encode() in response.content:
                leaks.append((method, url, "shows the draft"))
    assert not errors, errors
    assert not leaks, leaks


def test_the_walk_fails_on_a_staff_url_nobody_classified(
    rows, password_only_superuser, monkeypatch
):
    """The guard itself: an unlisted pattern outside /admin/ stops the test."""
    monkeypatch.setattr(
        "tests.portal.test_staff_urls.PUBLIC", PUBLIC - {"portal:search"}, raising=True
    )
    with pytest.raises(AssertionError, match="portal:search"):
        all_urls(rows)


def test_cv_download_waits_for_the_second_factor(client, rows, password_only_superuser):
    application = Application.objects.get()
    url = f"/admin/registrations/application/{application.pk}/cv/"
    client.force_login(password_only_superuser)
    response = client.get(url)
    assert response.status_code == 302
    assert resolve(urlsplit(response["Location"]).path).view_name == "admin:login"
    assert client.get(response["Location"], follow=True).templates[0].name == (
        "staff_auth/verify.html"
    )
    # Once the code is entered (django-otp keeps the device in the session), it downloads.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = password_only_superuser.totpdevice_set.get().persistent_id
    session.save()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
