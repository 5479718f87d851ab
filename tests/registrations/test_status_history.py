"""Statuses of their own for investor leads (and the mapping of existing rows), the status
history in plain words, and withdrawing."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from portal.core.privacy import RevokeRefused, registry
from registrations import services
from registrations.exceptions import AlreadyWithdrawn, SubmissionDecided
from registrations.models import Application, Interest, status_histories
from tests.registrations.factories import ApplicationFactory, InterestFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "registrations.migrations.0006_interest_statuses_and_default_status_messages"
)


def test_interests_have_the_statuses_of_a_lead():
    assert Interest.Status.values == ["new", "contacted", "in-discussion", "closed", "withdrawn"]
    assert "more-information" in Application.Status.values
    assert "contacted" not in Application.Status.values


def test_migration_maps_existing_interest_statuses_and_their_history():
    old_to_new = {
        "new": "new",
        "in-review": "contacted",
        "shortlisted": "in-discussion",
        "selected": "closed",
        "not-selected": "closed",
        "withdrawn": "withdrawn",
    }
    interests = {old: InterestFactory() for old in old_to_new}
    for old, interest in interests.items():  # as the rows were before the migration
        Interest.objects.filter(pk=interest.pk).update(status=old)
        Interest.history.filter(id=interest.pk).update(status=old)
    application = ApplicationFactory(status="shortlisted")

    MIGRATION.map_interest_statuses(MIGRATION.INTEREST_STATUSES)(apps, None)

    for old, interest in interests.items():
        interest.refresh_from_db()
        assert interest.status == old_to_new[old], old
        assert set(Interest.history.filter(id=interest.pk).values_list("status", flat=True)) == {
            old_to_new[old]
        }
    application.refresh_from_db()
    assert application.status == "shortlisted"  # applications keep theirs


def test_history_lists_the_changes_of_status_only(committed, admin_user):
    application = ApplicationFactory()
    queryset = Application.objects.filter(pk=application.pk)
    with committed():
        services.submissions_set_status(submissions=queryset, status="in-review")
        services.note_add(submission=application, author=admin_user, text="Private note")
        application.refresh_from_db()
        application.save()  # saved for another reason: no new step
        services.submissions_set_status(submissions=queryset, status="more-information")

    [history] = status_histories([application]).values()

    assert [step.status for step in history] == ["new", "in-review", "more-information"]
    assert [step.label for step in history] == ["New", "In review", "More information needed"]
    assert history[0].date <= history[1].date <= history[2].date


def test_histories_of_many_submissions_take_one_query(django_assert_num_queries):
    interests = [InterestFactory() for _n in range(5)]
    with django_assert_num_queries(1):
        histories = status_histories(interests)
    assert sorted(histories) == sorted(i.pk for i in interests)
    assert all(len(steps) == 1 for steps in histories.values())


def test_withdraw_records_the_date_and_keeps_the_rest():
    application = ApplicationFactory(status="in-review")
    before = timezone.now()
    withdrawn = services.submission_withdraw(submission=application)
    application.refresh_from_db()
    assert application.status == withdrawn.status == "withdrawn"
    assert application.withdrawn_at >= before
    assert application.history.first().status == "withdrawn"  # staff see when, in history


@pytest.mark.parametrize(
    ("factory", "status", "error"),
    [
        (ApplicationFactory, "withdrawn", AlreadyWithdrawn),
        (ApplicationFactory, "selected", SubmissionDecided),
        (ApplicationFactory, "not-selected", SubmissionDecided),
        (InterestFactory, "closed", SubmissionDecided),
        (InterestFactory, "withdrawn", AlreadyWithdrawn),
    ],
)
def test_withdraw_is_refused_once_withdrawn_or_decided(factory, status, error):
    submission = factory(status=status)
    with pytest.raises(error) as raised:
        services.submission_withdraw(submission=submission)
    assert raised.value.message
    submission.refresh_from_db()
    assert submission.status == status and submission.withdrawn_at is None


def test_revoking_consent_withdraws_and_is_refused_once_decided():
    entries = {entry.model: entry for entry in registry().values()}
    application, interest = ApplicationFactory(), InterestFactory(status="in-discussion")
    for submission in (application, interest):
        entry = entries[type(submission)]
        assert entry.can_revoke(submission)
        entry.revoke(submission)
    assert Application.objects.get().status == Interest.objects.get().status == "withdrawn"
    decided = ApplicationFactory(status="selected")
    assert not entries[Application].can_revoke(decided)
    with pytest.raises(RevokeRefused) as refused:
        entries[Application].revoke(decided)
    assert refused.value.message and Application.objects.get(pk=decided.pk).status == "selected"


def test_what_the_person_withdrew_stays_withdrawn_whatever_staff_choose(committed):
    application = ApplicationFactory()
    services.submission_withdraw(submission=application)
    withdrawn_at = Application.objects.get().withdrawn_at
    queryset = Application.objects.filter(pk=application.pk)
    assert services.submissions_to_notify(submissions=queryset, status="selected") == 0
    with committed():
        assert services.submissions_set_status(submissions=queryset, status="selected") == 0
    application.refresh_from_db()
    assert (application.status, application.withdrawn_at) == ("withdrawn", withdrawn_at)


def test_staff_see_the_withdrawal_date_in_the_list_and_on_the_page(admin_client):
    application = ApplicationFactory()
    services.submission_withdraw(submission=application)
    interest = InterestFactory()
    services.submission_withdraw(submission=interest)
    day = timezone.localtime(Application.objects.get().withdrawn_at).strftime("%m/%d/%Y")
    for model in ("application", "interest"):
        html = admin_client.get(reverse(f"admin:registrations_{model}_changelist")).text
        assert f"Withdrawn on {day}" in html
    html = admin_client.get(
        reverse("admin:registrations_application_change", args=[application.pk])
    ).text
    assert "withdrawn on" in html.lower()
