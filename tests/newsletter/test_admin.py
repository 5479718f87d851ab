"""The issue form says that the number is added to the title, and refuses a title that
repeats it ("No. 2 – No. 2 ...")."""

import pytest
from django.contrib.admin.sites import site
from django.utils import translation

from newsletter.models import Issue
from tests.newsletter.factories import IssueFactory


def issue_form(rf, admin_user, data=None, instance=None):
    request = rf.get("/")
    request.user = admin_user
    form_class = site._registry[Issue].get_form(request, obj=instance)
    return form_class(data=data, instance=instance)


def form_data(issue: Issue, **titles) -> dict:
    return {
        "number": issue.number,
        "date": issue.date.isoformat(),
        "title_en": issue.title_en,
        "title_fr": issue.title_fr,
        "intro_en": issue.intro_en,
        "intro_fr": issue.intro_fr,
        "status": issue.status,
        **titles,
    }


@pytest.mark.django_db
def test_title_fields_say_the_number_is_added_automatically(rf, admin_user):
    form = issue_form(rf, admin_user)
    assert "added in front of it automatically" in str(form.fields["title_en"].help_text)
    assert "No. 2 – …" in str(form.fields["title_fr"].help_text)


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["No. 2 Skills", "N° 2 – Compétences", "Issue 2", "#2: x"])
def test_a_title_that_starts_with_the_number_is_refused(rf, admin_user, title):
    issue = IssueFactory(number=2)
    form = issue_form(rf, admin_user, form_data(issue, title_en=title), instance=issue)
    assert not form.is_valid()
    assert "Leave the issue number out" in form.errors["title_en"][0]
    assert f"“No. 2 – {title}”" in form.errors["title_en"][0]


@pytest.mark.django_db
def test_the_message_is_in_the_staff_members_language(rf, admin_user):
    issue = IssueFactory(number=3)
    with translation.override("fr"):
        form = issue_form(rf, admin_user, form_data(issue, title_fr="N° 3 : Santé"), instance=issue)
        assert not form.is_valid()
        message = form.errors["title_fr"][0]
    assert message.startswith("Retirez le numéro")
    assert "«\u202fN° 3 – N° 3 : Santé\u202f»" in message


@pytest.mark.django_db
def test_a_title_with_a_number_further_on_is_accepted(rf, admin_user):
    issue = IssueFactory(number=4)
    data = form_data(issue, title_en="Skills for 2027", title_fr="Nouvelles de 2027")
    form = issue_form(rf, admin_user, data, instance=issue)
    assert form.is_valid(), form.errors
