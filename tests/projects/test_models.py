from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from projects.models import Call, Project
from tests.projects.factories import (
    CallFactory,
    CountryFactory,
    ProjectFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

OPENS = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
CLOSES = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "accepts"),
    [
        (OPENS - timedelta(seconds=1), False),
        (OPENS, True),
        (CLOSES - timedelta(seconds=1), True),
        (CLOSES, False),
        (CLOSES + timedelta(days=3), False),
    ],
)
def test_a_call_accepts_applications_only_inside_its_window(now, accepts):
    call = CallFactory(opens_at=OPENS, closes_at=CLOSES)
    with time_machine.travel(now, tick=False):
        assert call.is_open() is accepts
        assert call.accepts_applications is accepts
        assert (call in Call.objects.open()) is accepts


def test_an_unpublished_call_or_project_does_not_accept_applications():
    hidden_call = CallFactory(is_published=False)
    call_of_hidden_project = CallFactory(project=ProjectFactory(is_published=False))
    assert hidden_call.is_open() and not hidden_call.accepts_applications
    assert not call_of_hidden_project.accepts_applications
    assert list(Call.objects.open()) == []


def test_closed_calls_stay_published_and_visible():
    closed = CallFactory(
        opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1)
    )
    assert closed in Call.objects.published()
    assert closed not in Call.objects.open()


def test_a_call_must_close_after_it_opens():
    call = CallFactory.build(opens_at=CLOSES, closes_at=OPENS, project=ProjectFactory())
    with pytest.raises(ValidationError) as excinfo:
        call.full_clean()
    assert "closes_at" in excinfo.value.message_dict
    with pytest.raises(IntegrityError):
        call.save()


def test_call_eligibility_is_a_list_of_criteria():
    call = CallFactory(eligibility_en="- Lives in Belgium\n\n• Speaks French \n")
    assert call.eligibility_criteria == ["Lives in Belgium", "Speaks French"]


def test_target_percent_is_capped_and_absent_without_goal():
    assert TargetFactory(goal=30, progress=12).percent == 40
    assert TargetFactory(goal=20, progress=37).percent == 100
    assert TargetFactory(goal=None, progress=37).percent is None


def test_project_with_an_image_needs_alt_text_in_every_language():
    project = ProjectFactory.build(image_alt_en="A classroom")
    project.image.name = "projects/photo.jpg"
    with pytest.raises(ValidationError) as excinfo:
        project.clean()
    assert "image_alt_fr" in excinfo.value.message_dict


def test_project_cannot_end_before_it_starts():
    project = ProjectFactory.build(
        start_date=datetime(2026, 1, 1).date(), end_date=datetime(2025, 1, 1).date()
    )
    with pytest.raises(ValidationError):
        project.clean()


def test_project_url_uses_the_slug_of_each_language():
    project = ProjectFactory(slug_en="skills", slug_fr="competences")
    assert project.get_absolute_url() == "/en/projects/skills/"
    with translation.override("fr"):
        assert project.get_absolute_url() == "/fr/projets/competences/"


def test_country_code_is_stored_in_capitals_and_linked_in_lower_case():
    country = CountryFactory(code="rw", name_en="Rwanda")
    assert country.code == "RW"
    with translation.override("fr"):
        url = country.get_absolute_url()
        assert url == reverse("projects:country-detail", kwargs={"code": "rw"})
    assert url.startswith("/fr/projets/") and url.endswith("/rw/")


def test_in_country_matches_origin_or_residence_once():
    rwanda, belgium = CountryFactory(code="RW"), CountryFactory(code="BE")
    both = ProjectFactory(countries=[rwanda, belgium], residence=[belgium])
    ProjectFactory(countries=[rwanda])
    assert list(Project.objects.in_country("BE")) == [both]
    assert Project.objects.in_country("RW").count() == 2


def test_a_call_without_closing_date_stays_open_and_is_listed_after_dated_ones():
    dated = CallFactory(opens_at=OPENS, closes_at=CLOSES)
    open_ended = CallFactory(opens_at=OPENS, closes_at=None)
    open_ended.full_clean()
    with time_machine.travel(CLOSES + timedelta(days=365), tick=False):
        assert open_ended.is_open() and open_ended.accepts_applications
        assert list(Call.objects.open()) == [open_ended]
    with time_machine.travel(OPENS, tick=False):
        assert list(Call.objects.open()) == [dated, open_ended]
        assert list(Call.objects.all()) == [dated, open_ended]


def test_target_percent_is_absent_while_progress_is_not_known():
    assert TargetFactory(goal=30, progress=None).percent is None
