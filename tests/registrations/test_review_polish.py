"""The review pages as French staff read them: the CV's views logged apart from its
downloads, criteria and levels in the staff member's language, scores told from internal
notes, and emails said to be on their way."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from registrations.admin.submissions import emailed_message
from tests.registrations.review_support import applicants, list_url, make_application, page_url
from tests.registrations.review_support import review_call as make_call

pytestmark = pytest.mark.django_db
FR = {"accept-language": "fr"}
VIEWED = "Viewed the CV in the review page."


@pytest.fixture
def call():
    return make_call()


def inline(application) -> str:
    return reverse("admin:registrations_application_cv_inline", args=[application.pk])


def test_cv_shown_in_the_frame_is_logged_as_a_view_once_an_hour_per_staff_member(
    admin_client, admin_user, client, programme_officer, call
):
    amina = make_application(call)
    for _visit in range(3):  # the page, then next, previous: the frame loads it each time
        assert admin_client.get(inline(amina)).status_code == 200
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.change_message) == (
        admin_user, str(amina.pk), VIEWED,
    )  # fmt: skip
    client.force_login(programme_officer)
    client.get(inline(amina))  # another staff member: their own view
    assert LogEntry.objects.filter(change_message=VIEWED).count() == 2
    other = make_application(call, email="other@example.org")
    admin_client.get(inline(other))  # another application: its own view
    assert LogEntry.objects.filter(object_id=str(other.pk)).count() == 1
    entry.action_time -= timedelta(minutes=61)
    entry.save()
    admin_client.get(inline(amina))  # an hour later: a new view
    assert LogEntry.objects.filter(user=admin_user, object_id=str(amina.pk)).count() == 2
    # A download is always logged, as a download.
    admin_client.get(reverse("admin:registrations_application_cv", args=[amina.pk]))
    assert LogEntry.objects.filter(change_message="Downloaded the CV.").count() == 1


def test_the_view_is_read_in_the_staff_language_on_the_history_page(admin_client, call):
    amina = make_application(call)
    admin_client.get(inline(amina))
    history = reverse("admin:registrations_application_history", args=[amina.pk])
    html = admin_client.get(history, headers=FR).text
    assert "CV consulté dans la page d’examen." in html and VIEWED not in html
    assert VIEWED in admin_client.get(history).text


def test_criteria_are_shown_in_the_staff_language_whatever_the_applicant_read(admin_client, call):
    amina, brice, _again = applicants(call)  # brice answered in French: "Vit en Belgique": no
    english = admin_client.get(list_url(call)).text
    assert "No: Lives in Belgium" in english and "Vit en Belgique" not in english
    french = admin_client.get(list_url(call), headers=FR).text
    assert "Non\u202f: Vit en Belgique" in french or "Non : Vit en Belgique" in french
    assert "Skilled in health" not in french  # the English applicant's "no", in French
    page = admin_client.get(page_url(brice)).text
    assert "Lives in Belgium <strong>No</strong>" in page
    assert "Skilled in health <strong>Yes</strong>" in page
    page = admin_client.get(page_url(amina), headers=FR).text
    assert "Vit en Belgique <strong>Oui</strong>" in page
    change = reverse("admin:registrations_application_change", args=[brice.pk])
    assert "Lives in Belgium <strong>No</strong>" in admin_client.get(change).text


def test_an_answer_to_a_criterion_the_call_no_longer_has_keeps_its_text(admin_client, call):
    amina = make_application(call, eligibility_answers={"Speaks Kinyarwanda": False})
    html = admin_client.get(list_url(call)).text
    assert "No: Speaks Kinyarwanda" in html
    assert "Speaks Kinyarwanda <strong>No</strong>" in admin_client.get(page_url(amina)).text


def test_language_levels_read_without_nested_parentheses(admin_client, call):
    amina = make_application(call, languages=[
        {"language": "fr", "level": "fluent"}, {"language": "en", "level": "native"},
    ])  # fmt: skip
    for url in (list_url(call), page_url(amina)):
        html = admin_client.get(url, headers=FR).text
        assert "Français – courant (aisance), Anglais – langue maternelle" in html
        assert "(Courant (aisance))" not in html
    assert "French – fluent, English – native" in admin_client.get(page_url(amina)).text
    response = admin_client.post(
        reverse("admin:registrations_application_changelist"),
        {"action": "export_csv", "_selected_action": [amina.pk]},
        headers=FR,
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "Français – courant (aisance), Anglais – langue maternelle" in rows[1]


def test_french_page_tells_scores_from_internal_notes(admin_client, call):
    amina = make_application(call)
    html = admin_client.get(page_url(amina), headers=FR).text
    assert "Votre score" in html and "Votre note" not in html
    assert "Notes internes" in html and "Ajouter la note interne" in html
    response = admin_client.post(
        page_url(amina), {"do": "score", "score_0": "2", "score_1": "3"}, headers=FR, follow=True
    )
    assert "2 scores enregistrés." in [str(m) for m in response.context["messages"]]
    response = admin_client.post(
        page_url(amina), {"do": "note", "text": "Rappeler"}, headers=FR, follow=True
    )
    assert "La note interne a été ajoutée." in [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("language", "count", "said"),
    [
        ("en", 1, "1 person is being emailed about the new status."),
        ("en", 2, "2 people are being emailed about the new status."),
        ("fr", 1, "Un courriel part vers 1 personne au sujet du nouveau statut."),
        ("fr", 3, "Des courriels partent vers 3 personnes au sujet du nouveau statut."),
    ],
)
def test_emails_are_said_to_be_on_their_way_not_received(language, count, said):
    with translation.override(language):
        assert emailed_message(count) == said
