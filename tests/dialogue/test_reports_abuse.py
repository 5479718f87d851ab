"""Reports cannot be turned against a question: one visitor is one network (IPv4 /24,
IPv6 /48), a moderator's "keep" is not overruled by new reports, and the report pages of a
question under an item that is not public show nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import Question, Report
from dialogue.services import moderation
from tests.dialogue.factories import QuestionFactory

pytestmark = pytest.mark.django_db
Status = Question.Status


def url(question, name="dialogue:report") -> str:
    with translation.override("en"):
        return reverse(name, args=[question.pk])


def post(client, question, address):
    data = {"reason": "spam", "note": "", "website": ""}
    return client.post(url(question), data, REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("first", "same_visitor", "other_visitor"),
    [("2001:db8:1:1::1", "2001:db8:1:ffff::9", "2001:db8:2::1"),
     ("192.0.2.1", "192.0.2.200", "198.51.100.1")],
)  # fmt: skip
def test_one_network_is_one_reporting_visitor(client, first, same_visitor, other_visitor):
    question = QuestionFactory(approved=True)
    assert post(client, question, first).status_code == 302
    assert post(client, question, same_visitor).status_code == 400
    assert post(client, question, other_visitor).status_code == 302
    assert Report.objects.count() == 2


def test_a_question_kept_by_a_moderator_is_not_hidden_again_by_reports(client, settings):
    settings.DIALOGUE_REPORTS_TO_HIDE = 2
    question = QuestionFactory(approved=True)
    post(client, question, "192.0.2.1")
    post(client, question, "198.51.100.1")
    question.refresh_from_db()
    assert question.status == Status.PENDING  # hidden by the reports
    moderation.question_keep_published(question=question)
    post(client, question, "203.0.113.1")
    post(client, question, "2001:db8:3::1")
    question.refresh_from_db()
    # Still public, back in the queue for a moderator to look at the new reports.
    assert (question.status, question.report_count) == (Status.APPROVED, 2)
    assert question in Question.objects.waiting()


def test_the_report_pages_404_when_the_item_is_not_public(client):
    question = QuestionFactory(approved=True)
    assert post(client, question, "192.0.2.1").status_code == 302
    item = question.item
    type(item).objects.filter(pk=item.pk).update(publish_at=timezone.now() + timedelta(days=3))
    title = item.title_en
    for name in ("dialogue:report", "dialogue:report-thanks"):
        response = client.get(url(question, name))
        assert response.status_code == 404
        assert title not in response.text
    assert post(client, question, "198.51.100.1").status_code == 404
