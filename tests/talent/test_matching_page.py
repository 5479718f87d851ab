"""The matching page's wording and choices (talent/admin/matching.py, after the newcomer
review): who cannot be invited has no box to tick and says why, and comes after the others;
required conditions missed read "Missing", preferences "Not matched (preferred)"; the score
says its scale; availability reads "Available now" or "Available from"."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from talent.models import Invitation
from tests.talent.support import days, expert, rwanda_health_call, skills

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return rwanda_health_call()


@pytest.fixture
def officer_client(client, programme_officer):
    client.force_login(programme_officer)
    return client


def page(client, call, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("admin:talent_matching", args=[call.pk])).text


def box(html, profile):
    """The checkbox of `profile`'s row."""
    return re.search(rf'<input type="checkbox" name="profile" value="{profile.pk}"[^>]*>', html)[0]


def unconfirmed(**kwargs):
    profile = expert(**kwargs)
    profile.reminder_sent_at = timezone.now() + timedelta(seconds=5)
    profile.save()
    return profile


def test_paused_unconfirmed_and_invited_rows_cannot_be_chosen_and_say_why(officer_client, call):
    ready = expert(name="Ready")
    paused = expert(name="Paused", paused_until=days(30), skills=skills("nursing", "training"))
    waiting = unconfirmed(name="Waiting", skills=skills("midwifery"))
    invited = expert(name="Invited")
    Invitation.objects.create(call=call, profile=invited, email=invited.email, language="en")
    html = page(officer_client, call)
    assert "disabled" not in box(html, ready)
    for profile in (paused, waiting, invited):
        assert "disabled" in box(html, profile)
        assert f'aria-describedby="profile-{profile.pk}-blocked"' in box(html, profile)
    assert re.search(rf'id="profile-{paused.pk}-blocked">Paused until \d', html)
    assert f'id="profile-{waiting.pk}-blocked">Awaiting confirmation<' in html
    assert f'id="profile-{invited.pk}-blocked">Already invited<' in html
    # Paused and unconfirmed after those who can be invited, whatever their score.
    order = [html.index(f'value="{p.pk}"') for p in (ready, invited, paused, waiting)]
    assert max(order[:2]) < min(order[2:])


def test_preferences_are_not_shown_as_missing_and_the_score_has_its_scale(officer_client, call):
    expert(name="Aline", work_mode="remote", available_from=days(400))
    html = page(officer_client, call)
    assert "Score (0–7)" in html  # 3 skills, on site, more years, better French, availability
    assert '<span class="match-missing">' not in html
    assert re.search(
        r'<span class="match-unmatched">Not matched \(preferred\): skills: '
        r"[^<]*works remote only · available from ",
        html,
    )


def test_a_near_miss_reads_missing_for_the_requirement(officer_client, call):
    expert(name="Junior", years_of_experience=2)
    url = reverse("admin:talent_matching", args=[call.pk])
    html = officer_client.get(url, {"near": "1"}).text
    assert '<span class="match-missing">Missing: 8 years of experience (has 2)</span>' in html


def test_availability_reads_now_or_from_a_date(officer_client, call):
    expert(name="Started", available_from=days(-30))
    expert(name="Later", available_from=days(60))
    html = page(officer_client, call)
    assert html.count("Available now") == 1
    assert re.search(r"Available from \d", html)
    assert "not available until" not in html.lower()


def test_a_call_without_closing_date_wants_availability_now(officer_client, call):
    assert "Available by the call’s closing date" in page(officer_client, call)
    call.closes_at = None
    call.save()
    html = page(officer_client, call)
    assert "Available now (the call has no closing date)" in html
    assert "Available by the call’s closing date" not in html


def test_french_wording(officer_client, call):
    expert(name="Aline", work_mode="remote")
    unconfirmed(name="Waiting")
    html = page(officer_client, call, "fr")
    assert "Score (0 à 7)" in html and "Souhaité (pour le classement)" in html
    assert "Non satisfait (souhaité)\u202f: compétences\u202f: " in html
    assert "En attente de confirmation" in html


def test_rows_reflow_with_labels_on_narrow_screens(officer_client, call):
    expert()
    html = page(officer_client, call)
    assert 'class="review-list match-list match-table"' in html
    for label in ("Score (0–7)", "Why", "Availability", "Invitation"):
        assert f'data-label="{label}"' in html
    assert "portal/admin/talent_matching.css" in html
