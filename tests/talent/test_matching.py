"""Matching a call to the pool (talent/matching.py): hard requirements filter, soft ones
rank, near misses come after, and each row says why it matched and what is missing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from talent.matching import (
    call_matches,
    call_requirements,
    eligible_profiles_count,
    match_explanations,
    score_scale,
)
from tests.projects.factories import CallFactory, SectorFactory
from tests.talent.factories import ExpertProfileFactory
from tests.talent.support import days, expert, rwanda_health_call, skills

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return rwanda_health_call()


def names(queryset):
    return [profile.name for profile in queryset]


def test_a_profile_meeting_every_requirement_matches(call):
    expert(name="Aline")
    assert names(call_matches(call=call)) == ["Aline"]


@pytest.mark.parametrize(
    "miss",
    [
        {"origin": ["BI"]},  # origin is what counts, not residence
        {"sectors": "education"},
        {"years_of_experience": 7},
        {"speaks": {"fr": "intermediate"}},
        {"speaks": {"en": "native"}},
    ],
    ids=["country", "sector", "years", "language-level", "language"],
)
def test_each_hard_requirement_filters(call, miss):
    if miss.get("sectors"):
        miss = {"sectors": [SectorFactory(code=miss["sectors"])]}
    expert(name="Missing one", **miss)
    assert names(call_matches(call=call)) == []
    near = call_matches(call=call, near_misses=True)
    assert names(near) == ["Missing one"] and near[0].missed == 1


def test_residence_in_a_required_country_is_not_origin(call):
    expert(name="Lives in Kigali", origin=["BE"], residence=["RW"])
    assert names(call_matches(call=call)) == []


def test_missing_two_requirements_is_not_a_near_miss(call):
    expert(years_of_experience=2, origin=["BI"])
    assert names(call_matches(call=call, near_misses=True)) == []


def test_soft_criteria_rank_and_recent_confirmation_breaks_ties(call):
    nursing, training = skills("nursing", "training")
    expert(name="Two skills", skills=[nursing, training])
    expert(name="One skill, on site", skills=[nursing], work_mode="on-site")
    expert(name="Paused", paused_until=days(400))
    expert(name="Plain older", confirmed_at=timezone.now() - timedelta(days=30))
    expert(name="Plain newer")
    expert(name="Native French, 20 years", speaks={"fr": "native"}, years_of_experience=20)
    ranked = list(call_matches(call=call))
    # two skills + available = 3; skill + on site + available = 3; native + years + available = 3
    assert [p.score for p in ranked] == [3, 3, 3, 1, 1, 0]
    assert names(ranked)[3:] == ["Plain newer", "Plain older", "Paused"]
    assert ranked[-1].is_paused


def test_near_misses_come_after_every_match(call):
    expert(name="Near but skilled", years_of_experience=5, skills=skills("nursing", "training"))
    expert(name="Match")
    assert names(call_matches(call=call, near_misses=True)) == ["Match", "Near but skilled"]


def test_a_call_without_requirements_matches_everyone():
    ExpertProfileFactory(name="Anyone")
    assert names(call_matches(call=CallFactory())) == ["Anyone"]


def test_unanswered_yearly_question_is_marked_and_not_counted(call):
    profile = expert(name="Silent")
    profile.reminder_sent_at = profile.confirmed_at.replace(year=profile.confirmed_at.year + 1)
    profile.save()
    expert(name="Confirmed")
    assert [p.awaiting_confirmation for p in call_matches(call=call)] == [False, True]
    assert eligible_profiles_count(call) == 1


def test_explanation_says_why_and_what_is_missing_in_english(call):
    nursing, training = skills("nursing", "training")
    profile = expert(
        years_of_experience=12,
        skills=[nursing, training],
        speaks={"fr": "fluent"},
        available_from=date(2099, 3, 3),
    )
    call.match_languages.create(language="rw", level="fluent")
    why = match_explanations(call=rwanda_health_call_refreshed(call), profiles=[profile])[
        profile.pk
    ]
    assert why.matched_text == (
        "Comes from Rwanda · Health · 12 years (8 required) · French, fluent · "
        "2 of 3 preferred skills: nursing, training"
    )
    assert why.missing_text == "Missing: Kinyarwanda (fluent required)"
    assert why.unmatched_text == (
        "Not matched (preferred): skill: midwifery · works remote only · "
        "available from 3 March 2099"
    )


def test_a_pause_reads_paused_until_not_available_from(call):
    profile = expert(available_from=date(2000, 1, 1), paused_until=date(2099, 5, 6))
    why = match_explanations(call=call, profiles=[profile])[profile.pk]
    assert "paused until 6 May 2099" in why.unmatched_text
    assert "available from" not in why.unmatched_text and not why.missing_text


def test_score_scale_counts_every_soft_point(call):
    # three preferred skills, on site, more than 8 years, French above fluent, availability
    call.match_languages.create(language="en", level="native")  # nothing above: no point
    assert score_scale(call_requirements(rwanda_health_call_refreshed(call))) == 3 + 1 + 1 + 1 + 1


def rwanda_health_call_refreshed(call):
    """A fresh instance: the requirements read once per call object."""
    return type(call).objects.get(pk=call.pk)


def test_explanation_in_french(call):
    profile = expert(years_of_experience=12, skills=skills("nursing"))
    with translation.override("fr"):
        why = match_explanations(call=call, profiles=[profile])[profile.pk]
    assert why.matched_text.startswith("Origine\u202f: Rwanda · Santé · 12 ans (8 exigés) · ")
    assert "Français, courant (aisance)" in why.matched_text
    assert "1 sur 3 compétences souhaitées\u202f: soins infirmiers" in why.matched_text
    assert not why.missing_text  # preferences are not requirements
    assert why.unmatched_text.startswith(
        "Non satisfait (souhaité)\u202f: compétences\u202f: formation, obstétrique · "
    )


def test_explanations_take_constant_queries(call, django_assert_max_num_queries):
    profiles = [expert(skills=skills("nursing")) for _ in range(3)]
    fresh = rwanda_health_call_refreshed(call)
    with django_assert_max_num_queries(8):
        match_explanations(call=fresh, profiles=profiles)
    more = profiles + [expert(skills=skills("training")) for _ in range(10)]
    fresh = rwanda_health_call_refreshed(call)
    with django_assert_max_num_queries(8):
        match_explanations(call=fresh, profiles=more)
