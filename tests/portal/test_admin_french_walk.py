"""A French-speaking programme officer and a French-speaking editor walk the whole admin
(every model's list, change form and history, with the demo content and some people in
it) and meet no English: no raw values ("None", "draft → scheduled"), no stored English
message, no "<p>" source, no language codes, and the French colon after a label."""

import contextlib
import re
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from newsletter.models import Issue
from registrations import services
from tests.events.factories import SessionFactory
from tests.registrations.factories import details
from tests.registrations.test_csv_export import make_application

pytestmark = pytest.mark.django_db

# English that leaked into the French admin, as whole words or phrases of the page text.
ENGLISH = re.compile(
    r"\b(None|True|False|Set status|Downloaded the CV|Export to CSV|Yes|No|draft|scheduled"
    r"|published|Changed by|Date/time|Change reason|Cancel session|Select|Save|History"
    r"|en,fr|fr,en)\b"
    r"|&lt;p&gt;"
)
NARROW_COLON = "\u202f:"


def page_text(html: str) -> str:
    """What a reader sees: no scripts, no text areas (the editor's source), no language
    switch (each language is named in itself there), no tags."""
    html = re.sub(r"<(script|style|svg|textarea)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<option value="\w+" lang="\w+"[^>]*>.*?</option>', " ", html)
    return re.sub(r"<[^>]+>", "\n", html)


def admin_pages():
    """(model, list URL, change URL, history URL) of every model in the admin."""
    for model in admin.site._registry:
        opts = model._meta
        try:
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            continue
        urls = [changelist]
        obj = model._default_manager.first()
        if obj is not None:
            for view in ("change", "history"):
                with contextlib.suppress(NoReverseMatch):  # a model without this view
                    urls.append(
                        reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
                    )
        yield from urls


@pytest.fixture
def full_admin(editor):
    call_command("load_demo", stdout=StringIO())
    session = SessionFactory()
    for n in range(2):
        services.registration_create(session=session, **details(n))
    application = make_application()
    services.note_add(submission=application, author=editor, text="Rappeler lundi.")
    services.application_cv_open(application=application, user=editor).close()
    issue = Issue.objects.first()
    issue.status = Issue.Status.SCHEDULED
    issue.save()


@pytest.mark.parametrize("role", ["programme_officer", "editor"])
def test_french_admin_shows_no_english(client, full_admin, role, request):
    client.force_login(request.getfixturevalue(role))
    client.cookies["django_language"] = "fr"
    leaks, seen = [], 0
    for url in admin_pages():
        response = client.get(url, follow=True)
        if response.status_code == 403:
            assert "Cette page n’est pas ouverte à votre rôle" in response.text
            continue
        assert response.status_code == 200, url
        seen += 1
        for line in page_text(response.text).splitlines():
            if match := ENGLISH.search(line):
                leaks.append(f"{url}: {match.group(0)!r} in {line.strip()[:100]!r}")
    assert seen > 25
    assert not leaks, "\n".join(leaks)


def test_french_history_reads_labels_and_local_dates(admin_client):
    call_command("load_demo", stdout=StringIO())
    issue = Issue.objects.first()
    before = issue.status
    issue.status = Issue.Status.SCHEDULED
    issue.save()
    html = admin_client.get(
        reverse("admin:newsletter_issue_history", args=[issue.pk]),
        headers={"accept-language": "fr"},
    ).text
    with translation.override("fr"):
        old, new = str(Issue.Status(before).label), str(Issue.Status.SCHEDULED.label)
    assert (old, new) == ("Publié", "Programmé")
    assert f"Statut{NARROW_COLON}</strong>" in html
    assert re.search(rf"{old}\s*&nbsp;&rarr;&nbsp;&nbsp;{new}", html)
    assert f"<title>Historique des changements{NARROW_COLON}" in html
    assert "None" not in page_text(html)
    assert "UTC" not in page_text(html)


def test_view_only_history_title_is_french(client, programme_officer):
    call_command("load_demo", stdout=StringIO())
    client.force_login(programme_officer)
    issue = Issue.objects.first()
    html = client.get(
        reverse("admin:newsletter_issue_history", args=[issue.pk]),
        headers={"accept-language": "fr"},
    ).text
    assert f"<h1>Historique{NARROW_COLON} " in html


def test_french_change_form_puts_a_narrow_space_before_the_colon(admin_client):
    call_command("load_demo", stdout=StringIO())
    issue = Issue.objects.first()
    html = admin_client.get(
        reverse("admin:newsletter_issue_change", args=[issue.pk]),
        headers={"accept-language": "fr"},
    ).text
    assert f"Statut{NARROW_COLON}</label>" in html
    assert "\u00a0:</label>" not in html
    assert f"Date{NARROW_COLON} <input" in html or f"Date{NARROW_COLON}</label>" in html
    assert "\u00a0:" not in page_text(html)
