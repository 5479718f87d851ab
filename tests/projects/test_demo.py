from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from projects import demo
from projects.models import Call, Country, Partner, Project, Sector, Target

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    objects = [
        *Country.objects.order_by("pk"),
        *Sector.objects.order_by("pk"),
        *Partner.objects.order_by("pk"),
        *Project.objects.order_by("pk"),
        *Target.objects.order_by("pk"),
        *Call.objects.order_by("pk"),
    ]
    return serializers.serialize("json", objects)


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
    assert [(t.goal, t.label_fr != "") for t in rwanda.targets.all()] == [(30, True), (10, True)]
    assert {p.name_en for p in rwanda.partners.all()} >= {"IOM Rwanda", "IOM Germany"}
    women = Project.objects.get(slug_en="empowering-female-diaspora-associations")
    assert women.funder.name_en == "Belgian Development Cooperation"
    assert women.targets.get().goal == 11
    open_calls = Call.objects.open()
    assert {(c.project.slug_en, c.kind) for c in open_calls} == {
        ("rwanda-diaspora-health-education", Call.Kind.CANDIDATES),
        ("rwanda-diaspora-health-education", Call.Kind.INVESTORS),
        ("mauritania-circular-temporary-migration", Call.Kind.CANDIDATES),
    }
    assert all(c.title_fr and c.eligibility_fr and c.officer_email for c in open_calls)


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
