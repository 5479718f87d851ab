"""Generated submissions of the ask form (issue 18): never a server error, whatever the text,
name, address, kind, language or item; a refused submission stores nothing and sends
nothing; an accepted one stores exactly one question, its text in the column of its
language, and (anonymous) one confirmation email."""

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogue.models import Question
from tests.dialogue.helpers import post_data, sign_in, url
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db
EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

odd_text = st.one_of(
    st.text(max_size=400),
    st.text(st.characters(codec="utf-8"), min_size=5, max_size=80),
    st.sampled_from([
        "", " ", "\x00", "\u200b" * 20, "\ufeffHello there, a question?", "\U0001f600" * 12,
        "<script>alert(1)</script> is this safe?", "' OR 1=1 -- is it?", "é" * 2500,
        "Quand ? « Bientôt » !", "\u202eevil override text here", "a\r\nb\rc\nd" * 5,
        "https://a.example https://b.example https://c.example", "x.y z.w u.v a.b c.de",
        "Zalgo t̸̢̛e̵x̷t̴ here please",
    ]),
)  # fmt: skip
fields = {
    "text": odd_text,
    "display_name": odd_text,
    "email": st.one_of(st.emails(), odd_text),
    "kind": st.one_of(st.sampled_from(["question", "comment"]), odd_text),
    "language": st.one_of(st.sampled_from(["en", "fr"]), odd_text),
    "consent": st.sampled_from(["on", "", "off", "1"]),
    "website": st.sampled_from(["", "x"]),
}
changes = st.fixed_dictionaries({}, optional={name: st.none() | s for name, s in fields.items()})


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.DIALOGUE_QUESTIONS_PER_HOUR = 10**9
    settings.DIALOGUE_CONFIRMATIONS_PER_HOUR = 10**9  # the examples share one address


def submit(client, committed, project, changes: dict, page_language: str, item_kind: str):
    before, sent = Question.objects.count(), len(mail.outbox)
    path = url("ask", page_language, kind=item_kind, pk=project.pk)
    with committed():
        response = client.post(path, post_data(**changes))
    assert response.status_code in {302, 400, 404}, response.status_code
    if response.status_code == 302:
        assert Question.objects.count() == before + 1
        question = Question.objects.order_by("-pk").first()
        assert question.original_text.strip()
        return question, len(mail.outbox) - sent
    assert Question.objects.count() == before and len(mail.outbox) == sent
    return None, 0


@EXAMPLES
@given(
    changes=changes,
    page_language=st.sampled_from(["en", "fr"]),
    item_kind=st.sampled_from(["project", "project", "call", "Project", "x" * 50]),
)
def test_anonymous_submissions_never_fail(client, committed, changes, page_language, item_kind):
    project = ProjectFactory()
    question, emails = submit(client, committed, project, changes, page_language, item_kind)
    if question is not None:
        assert question.status == Question.Status.UNCONFIRMED and emails == 1


@EXAMPLES
@given(changes=changes, page_language=st.sampled_from(["en", "fr"]))
def test_member_submissions_never_fail(client, committed, changes, page_language):
    sign_in(client)
    project = ProjectFactory()
    question, emails = submit(client, committed, project, changes, page_language, "project")
    if question is not None:
        assert question.status == Question.Status.PENDING and emails == 0
