"""The applications and interests changelists around the review pages: country filters,
bulk status changes, links to the review of a call."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from registrations.models import Interest, StatusMessage
from tests.projects.factories import CallFactory, ProjectFactory
from tests.registrations.review_support import (
    applicants,
    list_url,
    make_application,
    page_url,
    review_call,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return review_call()


def test_changelist_country_filters_list_only_countries_present(admin_client, call):
    applicants(call)
    response = admin_client.get(reverse("admin:registrations_application_changelist"))
    specs = {
        spec.parameter_name: spec
        for spec in response.context["cl"].filter_specs
        if hasattr(spec, "parameter_name")
    }
    origin = [code for code, _label in specs["country_of_origin"].lookup_choices]
    assert origin == ["RW", "BI"]  # the most frequent first; not the 250 of the field
    residence = [code for code, _label in specs["country_of_residence"].lookup_choices]
    assert residence == ["BE", "LU"]
    filtered = admin_client.get(
        reverse("admin:registrations_application_changelist"), {"country_of_origin": "BI"}
    )
    assert [a.name for a in filtered.context["cl"].result_list] == ["Brice Nkurunziza"]


def test_interest_changelist_country_filter_and_their_own_statuses(admin_client):
    Interest.objects.create(
        project=ProjectFactory(), contact_person="Ana", email="a@x.org", country="BE",
        kind="investment", message="x", language="fr", consent_at=timezone.now(),
        submission_key=uuid.uuid4(),
    )  # fmt: skip
    response = admin_client.get(reverse("admin:registrations_interest_changelist"))
    specs = {
        spec.parameter_name: spec
        for spec in response.context["cl"].filter_specs
        if hasattr(spec, "parameter_name")
    }
    assert [code for code, _label in specs["country"].lookup_choices] == ["BE"]
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert "set_status_contacted" in actions and "set_status_closed" in actions
    assert "set_status_shortlisted" not in actions and "set_status_selected" not in actions


def test_bulk_status_change_says_after_how_many_people_were_emailed(admin_client, committed, call):
    amina, brice, _again = applicants(call)
    StatusMessage.objects.create(
        kind="application", status="in-review", notify=True,
        subject_en="In review", subject_fr="En cours", body_en="Hello", body_fr="Bonjour",
    )  # fmt: skip
    changelist = reverse("admin:registrations_application_changelist")
    data = {"action": "set_status_in_review", "_selected_action": [amina.pk, brice.pk]}
    confirmation = admin_client.post(changelist, data)
    assert "2 people will be emailed about the new status." in confirmation.text
    with committed():
        response = admin_client.post(changelist, {**data, "post": "yes"}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert "2 people are being emailed about the new status." in shown
    assert sorted(m.to[0] for m in mail.outbox) == ["amina@example.org", "brice@example.org"]


def test_changelist_filtered_by_call_links_to_its_review(admin_client, call):
    html = admin_client.get(
        reverse("admin:registrations_application_changelist"), {"call__id__exact": call.pk}
    ).text
    assert list_url(call) in html
    html = admin_client.get(reverse("admin:registrations_application_changelist")).text
    assert reverse("admin:registrations_review_calls") in html


def test_calls_page_lists_calls_for_candidates_and_lists_are_per_call(admin_client, call):
    investors = CallFactory(kind="investors", title_en="Invest in pilots")
    amina = make_application(call)
    html = admin_client.get(reverse("admin:registrations_review_calls")).text
    assert list_url(call) in html and "Invest in pilots" not in html
    assert admin_client.get(list_url(investors)).status_code == 404
    other = CallFactory()
    wrong = reverse("admin:registrations_review_application", args=[other.pk, amina.pk])
    assert admin_client.get(wrong).status_code == 404


def test_application_change_page_links_to_its_review_page(admin_client, call):
    amina = make_application(call)
    html = admin_client.get(reverse("admin:registrations_application_change", args=[amina.pk])).text
    assert page_url(amina) in html


def test_dashboard_sends_a_call_for_candidates_to_its_review_page(admin_client, call):
    make_application(call)
    html = admin_client.get(reverse("admin:index")).text
    assert f'href="{list_url(call)}"' in html


def test_registration_changelist_country_filters_list_only_countries_present(admin_client):
    """Two filters of 250 countries made the list 26,000 px tall on a phone."""
    from tests.registrations.factories import RegistrationFactory

    RegistrationFactory(country_of_residence="BE", country_of_origin="RW")
    html = admin_client.get(reverse("admin:registrations_registration_changelist")).text
    assert "country_of_origin=RW" in html and "country_of_residence=BE" in html
    assert "country_of_origin=SN" not in html and "country_of_residence=FR" not in html
