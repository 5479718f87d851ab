from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import translation

from projects import demo
from projects.models import Call, Country, Partner, Project, Sector, Skill, Target

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    objects = [
        *Country.objects.order_by("pk"),
        *Sector.objects.order_by("pk"),
        *Skill.objects.order_by("pk"),
        *Partner.objects.order_by("pk"),
        *Project.objects.order_by("pk"),
        *Target.objects.order_by("pk"),
        *Call.objects.order_by("pk"),
    ]
    return serializers.serialize("json", objects)


def targets(slug: str) -> list[tuple]:
    project = Project.objects.get(slug_en=slug)
    return [(t.goal, t.progress) for t in project.targets.all()]


def test_demo_loads_countries_projects_targets_and_open_calls_in_both_languages():
    call_command("load_demo", stdout=StringIO())
    assert Country.objects.filter(is_focus=True).count() == 14
    assert set(Country.objects.filter(is_focus=False).values_list("code", flat=True)) >= {
        "BE",
        "LU",
        "DE",
        "FR",
    }
    projects = Project.objects.all()
    assert projects.count() == 4
    assert all(p.title_fr and p.slug_fr and p.summary_fr and p.body_fr for p in projects)
    rwanda = Project.objects.get(slug_en="rwanda-diaspora-health-education")
    assert all(t.label_fr for t in rwanda.targets.all())
    assert {p.name_en for p in rwanda.partners.all()} >= {"IOM Rwanda", "IOM Germany"}
    women = Project.objects.get(slug_en="empowering-female-diaspora-associations")
    assert women.funder.name_en == "Belgian Development Cooperation"
    open_calls = Call.objects.open()
    assert {(c.project.slug_en, c.kind) for c in open_calls} == {
        ("rwanda-diaspora-health-education", Call.Kind.CANDIDATES),
        ("rwanda-diaspora-health-education", Call.Kind.INVESTORS),
        ("mauritania-circular-temporary-migration", Call.Kind.CANDIDATES),
    }
    assert all(c.title_fr and c.eligibility_fr and c.officer_email for c in open_calls)


def test_targets_start_from_the_newsletters_figures():
    demo.load()
    # Goals the newsletter states, with a progress nobody has reported yet.
    assert targets("rwanda-diaspora-health-education") == [(30, None), (10, None)]
    # 20 members to move (a goal) and 37 who expressed interest (a fact, no goal).
    assert targets("mauritania-circular-temporary-migration") == [(20, None), (None, 37)]
    assert targets("empowering-female-diaspora-associations") == [(None, 11)]
    assert not Target.objects.filter(progress__in=[4, 12]).exists()


def test_calls_have_no_invented_closing_date_or_conditions():
    demo.load()
    assert Call.objects.count() == 3
    assert not Call.objects.exclude(closes_at=None).exists()
    for call in Call.objects.all():
        for code in ("en", "fr"):
            text = getattr(call, f"description_{code}") + getattr(call, f"eligibility_{code}")
            for invented in ("three years", "trois ans", "accommodation", "hébergement"):
                assert invented not in text
            for invented in ("six months", "six mois", "degree", "diplôme"):
                assert invented not in text


def test_no_sector_or_partner_the_newsletter_does_not_name():
    demo.load()
    assert not Sector.objects.filter(code="entrepreneurship").exists()
    assert not Partner.objects.filter(name_en__in=["CIPMEN incubator", "University of Tahoua"])
    mauritania = Project.objects.get(slug_en="mauritania-circular-temporary-migration")
    assert not mauritania.partners.exists()
    rwanda = Project.objects.get(slug_en="rwanda-diaspora-health-education")
    assert set(rwanda.sectors.values_list("code", flat=True)) == {"health", "education"}


def test_french_texts_say_retour_temporaire_and_use_french_typography():
    demo.load()
    texts = [
        getattr(obj, f"{field}_fr")
        for model, fields in [
            (Project, ["title", "summary", "body"]),
            (Call, ["title", "description", "eligibility"]),
            (Target, ["label"]),
            (Country, ["profile"]),
        ]
        for obj in model.objects.all()
        for field in fields
    ]
    text = "\n".join(texts)
    assert "réinstallation" not in text
    assert "retour temporaire" in text
    assert "'" not in text
    assert "\u00a0" not in text


def test_call_without_closing_date_says_so(client):
    demo.load()
    call = Call.objects.get(slug_en="rwanda-health-education-professionals")
    with translation.override("fr"):
        html = client.get(call.get_absolute_url()).text
    assert "Aucune date de clôture annoncée" in html
    with translation.override("en"):
        html = client.get(call.project.get_absolute_url()).text
    assert "Goal: 30, progress not yet known" in html
    assert "Goal: 10, progress not yet known" in html


def test_demo_twice_changes_nothing():
    demo.load()
    first = snapshot()
    assert demo.load() == 0
    assert snapshot() == first


def test_demo_keeps_what_staff_edited():
    demo.load()
    project = Project.objects.get(slug_en="niger-community-projects")
    project.title_en = "Edited by staff"
    project.save()
    project.sectors.clear()
    demo.load()
    project.refresh_from_db()
    assert project.title_en == "Edited by staff"
    assert not project.sectors.exists()


def test_skills_are_the_fields_and_occupations_the_newsletter_names_in_both_languages():
    demo.load()
    skills = {skill.code: skill for skill in Skill.objects.select_related("sector")}
    assert {"health-services", "teaching", "public-administration", "irrigation",
            "entrepreneurship"} <= set(skills)  # fmt: skip
    assert all(skill.name_fr and skill.is_active for skill in skills.values())
    assert skills["irrigation"].sector.code == "agriculture"
    assert skills["teaching"].sector.code == "education"
    assert skills["entrepreneurship"].name_fr == "Entrepreneuriat et incubation d’entreprises"
    french = "\n".join(skill.name_fr for skill in skills.values())
    assert "'" not in french and "\u00a0" not in french


def test_demo_calls_match_on_what_the_newsletter_states_only():
    demo.load()
    rwanda = Call.objects.get(slug_en="rwanda-health-education-professionals")
    assert [c.code for c in rwanda.match_countries.all()] == ["RW"]
    assert set(rwanda.match_sectors.values_list("code", flat=True)) == {"health", "education"}
    assert rwanda.match_skills.filter(code="teaching").exists()
    assert rwanda.match_work_mode == "on-site"  # "temporary relocation"
    mauritania = Call.objects.get(slug_en="mauritania-public-institutions-experts")
    assert [c.code for c in mauritania.match_countries.all()] == ["MR"]
    assert [s.code for s in mauritania.match_sectors.all()] == ["public-administration"]
    # The newsletter states no years of experience nor languages.
    assert not Call.objects.exclude(match_min_years=None).exists()
    assert not Call.objects.filter(match_languages__isnull=False).exists()
    investors = Call.objects.get(slug_en="rwanda-pilot-projects-investors")
    assert not investors.match_countries.exists() and not investors.match_work_mode


def test_demo_targets_stay_typed():
    demo.load()
    assert set(Target.objects.values_list("source", flat=True)) == {Target.Source.TYPED}


def test_demo_gives_criteria_to_calls_loaded_before_criteria_but_keeps_staffs():
    demo.load()
    rwanda = Call.objects.get(slug_en="rwanda-health-education-professionals")
    mauritania = Call.objects.get(slug_en="mauritania-public-institutions-experts")
    rwanda.match_countries.clear()
    rwanda.match_sectors.clear()
    rwanda.match_skills.clear()
    rwanda.match_work_mode = ""
    rwanda.save()
    mauritania.match_sectors.clear()  # staff's edit: the rest of its criteria stay
    demo.load()
    assert [c.code for c in rwanda.match_countries.all()] == ["RW"]
    assert not mauritania.match_sectors.exists()
