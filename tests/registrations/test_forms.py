"""The long forms (candidate application, investor interest) as people meet them: sections,
accessible names and ids, errors, the CV kept across a failed submit, the thanks page."""

import re
import time
import uuid
from collections import Counter
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.core.models import SiteSettings
from registrations.models import Application, Interest
from registrations.views import THANKS_COOKIE
from tests.conftest import stored_files
from tests.portal import documents
from tests.projects.factories import CallFactory, ProjectFactory, SectorFactory
from tests.registrations.factories import application_data, interest_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory()


@pytest.fixture
def sector():
    return SectorFactory(name_en="Health", name_fr="Santé")


def apply_url(call, language="en") -> str:
    with translation.override(language):
        return reverse("registrations:apply", args=[getattr(call, f"slug_{language}")])


def interest_url(project, language="en") -> str:
    with translation.override(language):
        return reverse("registrations:interest", args=[getattr(project, f"slug_{language}")])


class Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def ids(self) -> list[str]:
        return [attrs["id"] for _tag, attrs in self.tags if attrs.get("id")]

    def by_id(self, id_: str) -> tuple[str, dict]:
        [found] = [(tag, attrs) for tag, attrs in self.tags if attrs.get("id") == id_]
        return found


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S)[1].strip()


# Ids and accessible names


@pytest.mark.parametrize("language", ["en", "fr"])
def test_candidate_form_ids_are_unique_and_email_language_radios_have_a_legend(
    client, call, language, settings
):
    html = client.get(apply_url(call, language)).text
    elements = Elements(html)
    duplicates = [id_ for id_, count in Counter(elements.ids()).items() if count > 1]
    assert duplicates == []
    # Each "language for our emails" radio has its own id: its label names it, not a select.
    radios = [a["id"] for tag, a in elements.tags if tag == "input" and a.get("name") == "language"]
    assert len(radios) == len(settings.LANGUAGES)
    for id_ in radios:
        assert f'for="{id_}"' in html
    assert elements.by_id("id_spoken_language_0")[0] == "select"
    label = "Language for our emails" if language == "en" else "Langue de nos courriels"
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>\s*(.*?)\s*</legend>(.*?)</fieldset>",
                         html[html.index(label) - 300:], re.S)  # fmt: skip
    assert label in fieldset[1]
    assert 'name="language"' in fieldset[2]


def test_country_fields_say_what_to_autocomplete(client, call):
    elements = Elements(client.get(apply_url(call)).text)
    assert elements.by_id("id_country_of_residence")[1]["autocomplete"] == "country"
    project = ProjectFactory()
    elements = Elements(client.get(interest_url(project)).text)
    assert elements.by_id("id_country")[1]["autocomplete"] == "country"


def test_investor_form_radios_start_with_nothing_chosen(client):
    html = client.get(interest_url(ProjectFactory())).text
    kinds = re.findall(r'<input type="radio"[^>]*name="kind"[^>]*>', html)
    assert len(kinds) == len(Interest.Kind.choices)
    assert not any("checked" in radio for radio in kinds)
    assert "---------" not in html


@pytest.mark.parametrize("language, optional", [("en", "(optional)"), ("fr", "(facultatif)")])
def test_optional_fields_say_so_and_no_unexplained_asterisk(client, call, language, optional):
    html = client.get(apply_url(call, language)).text
    assert "asteriskField" not in html and "*</label>" not in html
    phone = re.search(r'<label\s+for="id_phone"[^>]*>(.*?)</label>', html, re.S)[1]
    assert optional in phone
    name = re.search(r'<label\s+for="id_name"[^>]*>(.*?)</label>', html, re.S)[1]
    assert optional not in name


def test_file_sizes_use_the_units_of_the_language(client, call, settings):
    settings.CV_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    assert "5,0\xa0Mo" in client.get(apply_url(call, "fr")).text
    assert "Mio" not in client.get(apply_url(call, "fr")).text
    assert "5.0\xa0MB" in client.get(apply_url(call, "en")).text


# Sections and key facts


def test_candidate_form_is_in_sections_listed_at_the_top_with_the_calls_facts_last(client, call):
    html = client.get(apply_url(call)).text
    sections = re.findall(r'<section class="form-section" id="([\w-]+)"', html)
    assert sections == ["about-you", "experience", "eligibility", "consent"]
    steps = re.search(r'<ol class="steps">(.*?)</ol>', html, re.S)[1]
    assert re.findall(r'href="#([\w-]+)"', steps) == sections
    assert "Section 2 of 4" in html
    # Every field a person fills in is inside a section.
    start = html.index('<form method="post"')
    form = html[start : html.index("</form>", start)]
    outside = re.sub(r'<section class="form-section".*?</section>', "", form, flags=re.S)
    assert re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*name="(\w+)"',
                      outside) == ["website"]  # fmt: skip
    # The call's closing date comes right before the button.
    facts = html.index('class="form-facts"')
    assert facts > html.rindex('class="form-section"')
    assert facts < html.index('type="submit"', facts)
    assert "Closing date" in html[facts:]


def test_investor_form_is_in_sections(client):
    html = client.get(interest_url(ProjectFactory())).text
    sections = re.findall(r'<section class="form-section" id="([\w-]+)"', html)
    assert sections == ["about-you", "your-interest", "consent"]
    assert "Section 3 of 3" in html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_call_without_closing_date_says_so_in_the_facts_before_the_button(client, language):
    from projects.models import Call

    call = CallFactory(closes_at=None)
    investors = CallFactory(closes_at=None, kind=Call.Kind.INVESTORS)
    with translation.override(language):
        expected = translation.gettext("No closing date announced")
    for url in (apply_url(call, language), interest_url(investors.project, language)):
        html = client.get(url).text
        facts = html[html.index('class="form-facts"') :]
        row = re.search(r"<dt>[^<]*</dt><dd>([^<]*)</dd>\s*</div>\s*</dl>", facts)
        assert row[1] == expected


# After a failed submit


@pytest.mark.parametrize(
    "language, prefix, one, many",
    [
        ("en", "Error: ", "There is a problem", "There are 3 problems"),
        ("fr", "Erreur\u202f: ", "Il y a un problème", "Il y a 3 problèmes"),
    ],
)
def test_errors_prefix_the_title_and_the_summary_counts_them(
    client, call, sector, language, prefix, one, many
):
    url = apply_url(call, language)
    assert not title(client.get(url).text).startswith(prefix)
    data = application_data(call, sector, email="nope", consent="", years_of_experience="")
    data["cv"] = documents.upload(documents.PDF)
    html = client.post(url, data).text
    assert title(html).startswith(prefix)
    assert many in html
    data = application_data(call, sector, email="nope")
    data["cv"] = documents.upload(documents.PDF)
    html = client.post(url, data).text
    assert one in html and "problems" not in html and "problèmes" not in html


def test_the_error_summary_takes_the_focus(client, call, sector):
    data = application_data(call, sector, email="nope")
    html = client.post(apply_url(call), data).text
    summary = re.search(r'<div class="[^"]*error-summary[^"]*"[^>]*>', html)[0]
    assert 'tabindex="-1"' in summary and "autofocus" in summary


# The CV kept across a failed submit


def test_a_checked_cv_is_kept_when_another_field_fails_and_ends_with_the_application(
    client, call, sector, private_dir, committed
):
    url = apply_url(call)
    data = application_data(call, sector, email="nope")
    data["cv"] = documents.upload(documents.PDF, "Mon CV.pdf")
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.text
    assert "Your CV “Mon CV.pdf” is kept" in html
    [kept] = stored_files(private_dir)
    assert kept.startswith("kept-cv/")
    token = re.search(r'name="kept_cv" value="([^"]+)"', html)[1]
    assert 'id="id_cv"' in html and "required" not in Elements(html).by_id("id_cv")[1]
    cv_label = re.search(r'<label\s+for="id_cv"[^>]*>(.*?)</label>', html, re.S)[1]
    assert "(optional)" not in cv_label

    # Sent again, corrected, without choosing the file.
    data = {**data, "email": "candidate1@example.org", "kept_cv": token}
    del data["cv"]
    with committed():
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    application = Application.objects.get()
    assert application.cv.read() == documents.PDF
    # The kept copy is gone: only the application's own file remains.
    assert stored_files(private_dir) == [application.cv.name]


def test_a_forged_or_foreign_kept_cv_token_is_ignored(client, call, sector, private_dir):
    data = application_data(call, sector)
    for token in ("forged", signing.dumps({"stored": "cv/other.pdf", "name": "x.pdf"},
                                          salt="registrations.kept-cv")):  # fmt: skip
        response = client.post(apply_url(call), {**data, "kept_cv": token})
        assert response.status_code == 400
        assert "cv" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_replaced_kept_cv_leaves_no_file_behind(client, call, sector, private_dir):
    url = apply_url(call)
    data = application_data(call, sector, email="nope")
    data["cv"] = documents.upload(documents.PDF, "first.pdf")
    token = re.search(r'name="kept_cv" value="([^"]+)"', client.post(url, data).text)[1]
    data = {**data, "kept_cv": token, "cv": documents.upload(documents.PDF, "second.pdf")}
    html = client.post(url, data).text
    assert "Your CV “second.pdf” is kept" in html
    assert len(stored_files(private_dir)) == 1


def test_failed_submits_without_the_token_keep_one_file_per_submission_key(
    client, call, sector, private_dir
):
    """Dropping the hidden kept_cv field does not pile up files: the key names the file."""
    url = apply_url(call)
    data = application_data(call, sector, email="nope")
    key = uuid.UUID(data["submission_key"])
    for name in ("first.pdf", "second.pdf", "third.pdf"):
        response = client.post(url, {**data, "cv": documents.upload(documents.PDF, name)})
        assert response.status_code == 400
        assert f"Your CV “{name}” is kept" in response.text
    assert stored_files(private_dir) == [f"kept-cv/{key.hex}.pdf"]


def test_a_kept_cv_token_expires_after_the_kept_cv_max_age(client, call, sector, private_dir,
                                                            settings):  # fmt: skip
    settings.KEPT_CV_MAX_AGE_HOURS = 2
    data = application_data(call, sector, email="nope")
    data["cv"] = documents.upload(documents.PDF)
    token = re.search(r'name="kept_cv" value="([^"]+)"', client.post(apply_url(call), data).text)[1]
    del data["cv"]
    later = time.time() + 2 * 3600 + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(apply_url(call), {**data, "kept_cv": token})
    assert "cv" in response.context["form"].errors


def test_nothing_more_is_kept_once_the_kept_cvs_fill_their_quota(
    client, call, sector, private_dir, settings
):
    settings.KEPT_CV_MAX_TOTAL_BYTES = len(documents.PDF) * 2
    url = apply_url(call)
    for _ in range(2):
        data = application_data(call, sector, email="nope")
        client.post(url, {**data, "cv": documents.upload(documents.PDF)})
    assert len(stored_files(private_dir)) == 2
    data = application_data(call, sector, email="nope")
    response = client.post(url, {**data, "cv": documents.upload(documents.PDF, "Mon CV.pdf")})
    assert response.status_code == 400
    html = response.text
    assert "Your CV could not be kept: please choose it again." in html
    assert "is kept" not in html
    assert 'name="kept_cv" value="' not in html or 'name="kept_cv" value=""' in html
    assert "required" in Elements(html).by_id("id_cv")[1]
    assert len(stored_files(private_dir)) == 2


# The thanks page


def test_thanks_page_says_what_happened_whom_to_contact_and_what_was_sent(
    client, call, sector, committed
):
    SiteSettings.objects.update_or_create(pk=1, defaults={"contact_email": "office@example.org"})
    data = application_data(call, sector)
    data["cv"] = documents.upload(documents.PDF)
    with committed():
        response = client.post(apply_url(call), data)
    application = Application.objects.get()
    html = client.get(response["Location"]).text
    assert title(html).startswith("Application received")
    assert f'<span class="reference">{application.reference}</span>' in html
    assert "What happens next" in html and "office@example.org" in html
    summary = re.search(r'<dl class="summary-list">(.*?)</dl>', html, re.S)[1]
    assert "Candidate 1" in summary and "Nurse" in summary and call.title in summary

    # The link alone (passed on, or read from a log) shows nothing personal: only the
    # browser holding the signed cookie sees the summary.
    assert "key=" not in response["Location"]
    html = Client().get(response["Location"]).text
    assert application.reference in html and "Candidate 1" not in html
    forged = Client()
    forged.cookies[THANKS_COOKIE] = signing.get_cookie_signer(salt="other").sign(
        f"application:{application.pk}"
    )
    assert "Candidate 1" not in forged.get(response["Location"]).text


def test_interest_thanks_page_in_french(client, committed):
    project = ProjectFactory()
    with committed():
        response = client.post(interest_url(project, "fr"), interest_data())
    assert response.status_code == 302
    html = client.get(response["Location"]).text
    assert title(html).startswith("Manifestation d’intérêt reçue")
    assert "Investor 1" in html and "Et ensuite\u202f?" in html


def error_summary(html: str) -> list[tuple[str, str]]:
    """(link target, text) of each entry of the error summary, in order."""
    summary = re.search(r'<div class="[^"]*error-summary.*?</ul>', html, re.S)[0]
    return re.findall(r'<li><a href="#([\w-]+)">(.*?)</a></li>', summary, re.S)


def test_a_language_chosen_twice_is_refused_on_the_repeated_row(client, call, sector):
    data = application_data(call, sector, spoken_language_1="rw")
    data["cv"] = documents.upload(documents.PDF)
    response = client.post(apply_url(call), data)
    assert response.status_code == 400
    assert error_summary(response.text) == [
        ("id_spoken_language_1", "You have already chosen this language.")
    ]
    assert not Application.objects.exists()


def test_the_error_summary_lists_messages_alone_in_the_order_of_the_page(client, call, sector):
    data = application_data(
        call, sector, name="", consent="", spoken_language_1="", spoken_level_1="",
        available_from="", language="",
    )  # fmt: skip
    data["cv"] = documents.upload(documents.PDF)
    entries = error_summary(client.post(apply_url(call), data).text)
    # About you (name, then the language of our emails), your experience, consent: the
    # order of the sections, not the order the form declares its fields in.
    assert entries == [
        ("id_name", "“Full name” is required."),
        ("id_language_0", "“Language for our emails” is required."),
        ("id_available_from", "“Available from” is required."),
        ("id_consent", "Please accept the privacy notice to send this form."),
    ]


def test_required_fields_are_named_in_french(client, call, sector):
    data = application_data(call, sector, name="")
    data["cv"] = documents.upload(documents.PDF)
    entries = error_summary(client.post(apply_url(call, "fr"), data).text)
    assert entries == [("id_name", "«\u202fNom complet\u202f» est obligatoire.")]


def test_an_unanswered_eligibility_question_is_named_in_the_summary(client, sector):
    call = CallFactory(eligibility_en="Do you live in Belgium?")
    data = application_data(call, sector, criterion_0="")
    data["cv"] = documents.upload(documents.PDF)
    entries = error_summary(client.post(apply_url(call), data).text)
    message = "Please answer yes or no to “Do you live in Belgium?”."
    assert entries == [("id_criterion_0_0", message)]
