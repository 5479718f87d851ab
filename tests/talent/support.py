"""A call with structured requirements and profiles around it, for the matching tests."""

from datetime import timedelta

from django.utils import timezone

from projects.models import CallLanguage
from tests.projects.factories import CallFactory, CountryFactory, SectorFactory, SkillFactory
from tests.talent.factories import ExpertProfileFactory


def rwanda_health_call(**kwargs):
    """Rwanda, health, 8 years, French fluent; preferred: nursing, training, midwifery;
    on site."""
    call = CallFactory(match_min_years=8, match_work_mode="on-site", **kwargs)
    call.match_countries.set([CountryFactory(code="RW", name_en="Rwanda", name_fr="Rwanda")])
    health = SectorFactory(code="health", name_en="Health", name_fr="Santé")
    call.match_sectors.set([health])
    CallLanguage.objects.create(call=call, language="fr", level="fluent")
    call.match_skills.set(
        [
            SkillFactory(code="nursing", name_en="nursing", name_fr="soins infirmiers"),
            SkillFactory(code="training", name_en="training", name_fr="formation"),
            SkillFactory(code="midwifery", name_en="midwifery", name_fr="obstétrique"),
        ]
    )
    return call


def skills(*codes):
    return [SkillFactory(code=code) for code in codes]


def expert(**kwargs):
    """A profile meeting every hard requirement of rwanda_health_call (by default)."""
    kwargs.setdefault("sectors", [SectorFactory(code="health")])
    kwargs.setdefault("years_of_experience", 8)
    kwargs.setdefault("work_mode", "remote")
    return ExpertProfileFactory(**kwargs)


def days(n: int):
    return timezone.localdate() + timedelta(days=n)
