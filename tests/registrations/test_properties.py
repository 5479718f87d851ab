"""Generated input against every public form: never a server error, and nothing stored
from a submission that was refused."""

import io
import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter.models import Subscriber
from registrations.models import Application, Interest, Registration
from tests.events.factories import SessionFactory
from tests.portal import documents
from tests.projects.factories import CallFactory, ProjectFactory, SectorFactory
from tests.registrations.factories import application_data, interest_data

pytestmark = pytest.mark.django_db
EXAMPLES = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ACCEPTED = {302}
REFUSED = {400, 409, 429}

# Text that is often trouble: empty, huge, control characters, markup, other scripts.
nasty_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "é" * 5000,
                     "+32 470 12 34 56", "not-an-email", "a@b", "2027-02-30", "-1", "9" * 30]),
)  # fmt: skip


def mutate(valid: dict, changes: dict) -> dict:
    """The valid form with some fields replaced by generated values (None: left out)."""
    data = dict(valid)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def changes_to(fields) -> st.SearchStrategy:
    return st.dictionaries(st.sampled_from(sorted(fields)), st.none() | nasty_text, max_size=6)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 10**9


def check(response, model, before: int) -> None:
    assert response.status_code < 500
    assert response.status_code in ACCEPTED | REFUSED | {200}
    if response.status_code not in ACCEPTED:
        assert model.objects.count() == before


@EXAMPLES
@given(changes=st.data())
def test_event_registration_form(client, changes):
    session = SessionFactory(capacity=5)
    url = reverse("registrations:register", args=[session.pk])
    valid = {"name": "A", "email": "a@example.org", "country_of_residence": "BE",
             "country_of_origin": "RW", "language": "en", "consent": "on"}  # fmt: skip
    data = mutate(
        valid, changes.draw(changes_to([*valid, "phone", "accessibility_needs", "website"]))
    )
    before = Registration.objects.count()
    check(client.post(url, data), Registration, before)


cv_files = st.one_of(
    st.sampled_from([documents.PDF, documents.docx(), documents.odt(), documents.executable(),
                     b"", b"%PDF-1.4 truncated", documents.zipped({"a.txt": b"x"})]),
    st.binary(max_size=2048),
)  # fmt: skip


def test_candidate_application_form(client):
    call = CallFactory()
    url = reverse("registrations:apply", args=[call.slug_en])
    valid = application_data(call, SectorFactory())
    fields = [name for name in valid if name != "submission_key"]

    @EXAMPLES
    @given(changes=changes_to(fields), name=nasty_text, content=cv_files)
    def post(changes, name, content):
        form = mutate({**valid, "submission_key": str(uuid.uuid4())}, changes)
        form["cv"] = io.BytesIO(content)
        form["cv"].name = name or "x"  # any name a browser could send, sanitised or not
        before = Application.objects.count()
        check(client.post(url, form), Application, before)

    post()


def test_investor_interest_form(client):
    project = ProjectFactory()
    url = reverse("registrations:interest", args=[project.slug_en])
    valid = interest_data()
    fields = [name for name in valid if name != "submission_key"]

    @EXAMPLES
    @given(changes=changes_to(fields))
    def post(changes):
        form = mutate({**valid, "submission_key": str(uuid.uuid4())}, changes)
        before = Interest.objects.count()
        check(client.post(url, form), Interest, before)

    post()


def test_newsletter_subscription_form(client):
    valid = {"email": "reader@example.org", "language": "fr", "consent": "on", "source": ""}

    @EXAMPLES
    @given(changes=changes_to([*valid, "website"]))
    def post(changes):
        before = Subscriber.objects.count()
        check(
            client.post(reverse("newsletter:subscribe"), mutate(valid, changes)), Subscriber, before
        )

    post()
