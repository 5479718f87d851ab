"""The talent pool's side of the projects admin: the skills vocabulary, the calls' matching
criteria (editors keep both), and targets counted from a call."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Call, CallLanguage, Target
from tests.projects.factories import (
    CallFactory,
    CountryFactory,
    ProjectFactory,
    SectorFactory,
    SkillFactory,
    TargetFactory,
)
from tests.registrations.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


class _FormData(HTMLParser):
    """What a browser would send for the page's main form, as the page fills it."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value") or "on")
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def form_data(html: str) -> dict:
    parser = _FormData()
    parser.feed(html)
    data = {k: v if len(v) != 1 else v[0] for k, v in parser.data.items()}
    data.pop("csrfmiddlewaretoken", None)
    data["description_en"] = data.get("description_en", "").lstrip("\n")
    return data


def change_url(call) -> str:
    return reverse("admin:projects_call_change", args=[call.pk])


@pytest.fixture
def criteria():
    return {
        "rwanda": CountryFactory(code="RW", name_en="Rwanda"),
        "health": SectorFactory(code="health", name_en="Health"),
        "nursing": SkillFactory(code="nursing", name_en="Nursing"),
    }


def test_skills_are_listed_by_sector_and_filtered(admin_client):
    health = SectorFactory(code="health", name_en="Health")
    SkillFactory(name_en="Nursing", sector=health)
    SkillFactory(name_en="Bookkeeping", is_active=False)
    url = reverse("admin:projects_skill_changelist")
    html = admin_client.get(url, {"sector__id__exact": health.pk}).text
    assert "Nursing" in html and "Bookkeeping" not in html
    html = admin_client.get(url, {"is_active__exact": "0"}).text
    assert "Bookkeeping" in html and "Nursing" not in html
    html = admin_client.get(url, {"q": "nurs"}).text
    assert "Nursing" in html and "Bookkeeping" not in html


def test_skills_have_language_tabs_and_the_calls_autocomplete_offers_only_offered_ones(
    editor_client,
):
    SkillFactory(name_en="Nursing", name_fr="Soins infirmiers")
    SkillFactory(name_en="Nursing (old)", name_fr="Soins infirmiers (ancien)", is_active=False)
    html = editor_client.get(reverse("admin:projects_skill_add")).text
    assert "tabbed_translation_fields.js" in html and 'name="name_fr"' in html
    answer = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "infirm", "app_label": "projects", "model_name": "call",
         "field_name": "match_skills"},
    )  # fmt: skip
    assert [r["text"] for r in answer.json()["results"]] == ["Nursing"]


def test_an_editor_adds_a_skill(editor_client):
    health = SectorFactory(code="health")
    response = editor_client.post(
        reverse("admin:projects_skill_add"),
        {"name_en": "Midwifery", "name_fr": "Obstétrique", "code": "midwifery",
         "sector": health.pk, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert health.skills.get().name_fr == "Obstétrique"


def test_call_page_has_the_matching_criteria_with_what_filters_and_what_ranks(
    admin_client, criteria
):
    admin_client.cookies["django_language"] = "en"
    html = admin_client.get(change_url(CallFactory())).text
    assert "Matching the talent pool" in html
    assert "Required criteria (countries, sectors, minimum years, languages) filter" in html
    # Countries and sectors are boxes to tick; skills are searched (autocomplete).
    assert 'type="checkbox" name="match_countries"' in html
    assert 'type="checkbox" name="match_sectors"' in html
    assert 'data-field-name="match_skills"' in html and 'data-allow-clear="false"' in html
    assert 'name="match_languages-TOTAL_FORMS"' in html
    assert "Not required: experts who work this way are ranked higher." in html


def test_an_editor_sets_every_criterion_of_a_call(editor_client, criteria):
    call = CallFactory()
    data = form_data(editor_client.get(change_url(call)).text)
    data.update({
        "match_countries": [criteria["rwanda"].pk],
        "match_sectors": [criteria["health"].pk],
        "match_min_years": "5",
        "match_skills": [criteria["nursing"].pk],
        "match_work_mode": "on-site",
        "match_languages-TOTAL_FORMS": "2",
        "match_languages-0-language": "rw",
        "match_languages-0-level": "fluent",
        "match_languages-1-language": "fr",
        "match_languages-1-level": "intermediate",
    })  # fmt: skip
    response = editor_client.post(change_url(call), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    call = Call.objects.get(pk=call.pk)
    assert list(call.match_countries.all()) == [criteria["rwanda"]]
    assert list(call.match_sectors.all()) == [criteria["health"]]
    assert list(call.match_skills.all()) == [criteria["nursing"]]
    assert (call.match_min_years, call.match_work_mode) == (5, "on-site")
    assert {(r.language, r.level) for r in call.match_languages.all()} == {
        ("rw", "fluent"),
        ("fr", "intermediate"),
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"match_min_years": "71"}, "match_min_years", "Ask for 70 years of experience at most"),
        ({"match_min_years": "-1"}, "match_min_years", "greater than or equal to 0"),
        (
            {"match_languages-TOTAL_FORMS": "1", "match_languages-0-language": "xx",
             "match_languages-0-level": "basic"},
            None, "Select a valid choice",
        ),
        (
            {"match_languages-TOTAL_FORMS": "2",
             "match_languages-0-language": "fr", "match_languages-0-level": "basic",
             "match_languages-1-language": "fr", "match_languages-1-level": "fluent"},
            None, "Please correct the duplicate data for language",
        ),
    ],
)  # fmt: skip
def test_impossible_criteria_are_refused_and_nothing_is_saved(
    admin_client, changes, field, message
):
    call = CallFactory()
    data = {**form_data(admin_client.get(change_url(call)).text), **changes}
    response = admin_client.post(change_url(call), data)
    assert response.status_code == 200
    assert message in response.text
    call.refresh_from_db()
    assert call.match_min_years is None
    assert not CallLanguage.objects.exists()


def test_min_years_message_in_french(admin_client):
    call = CallFactory()
    admin_client.cookies["django_language"] = "fr"
    data = {**form_data(admin_client.get(change_url(call)).text), "match_min_years": "99"}
    html = admin_client.post(change_url(call), data).text
    assert "Demandez au plus 70 ans d’expérience (ou laissez le champ vide)." in html


def test_programme_officers_only_read_the_vocabulary(client, programme_officer):
    client.force_login(programme_officer)
    assert client.get(reverse("admin:projects_skill_changelist")).status_code == 200
    assert client.get(reverse("admin:projects_skill_add")).status_code == 403


def test_a_targets_call_is_chosen_among_its_projects_calls(admin_client):
    project = ProjectFactory()
    own = CallFactory(project=project, title_en="Own call")
    CallFactory(title_en="Someone else’s call")
    TargetFactory(project=project)
    html = admin_client.get(reverse("admin:projects_project_change", args=[project.pk])).text
    assert "Own call" in html and "Someone else’s call" not in html
    data = form_data(html)
    data.update({
        "targets-0-source": Target.Source.APPLICATIONS,
        "targets-0-call": "",
    })  # fmt: skip
    response = admin_client.post(reverse("admin:projects_project_change", args=[project.pk]), data)
    assert response.status_code == 200
    assert "Choose the call whose numbers this target counts." in response.text
    data["targets-0-call"] = str(own.pk)
    response = admin_client.post(reverse("admin:projects_project_change", args=[project.pk]), data)
    assert response.status_code == 302
    assert Target.objects.get().call == own


def test_call_page_queries_do_not_grow_with_its_criteria(
    admin_client, django_assert_max_num_queries
):
    call = CallFactory()
    CallLanguage.objects.create(call=call, language="fr")
    call.match_skills.add(SkillFactory())
    call.match_countries.add(CountryFactory(code="RW"))
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(change_url(call)).status_code == 200
    for code in ("en", "rw", "sw", "ln"):
        CallLanguage.objects.create(call=call, language=code)
    call.match_skills.add(*SkillFactory.create_batch(5))
    call.match_countries.add(*(CountryFactory(code=code) for code in ("MR", "NE", "BE")))
    call.match_sectors.add(*SectorFactory.create_batch(3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(change_url(call)).status_code == 200


def test_a_counted_targets_progress_cannot_be_typed(
    editor_client, django_capture_on_commit_callbacks
):
    """The attacker review typed 37 into a target counting a call's applications and the
    public page showed it: the field is now shown, not editable, and a target switched to
    counting takes the real count as it is saved."""
    project = ProjectFactory()
    call = CallFactory(project=project)
    ApplicationFactory(call=call)
    target = TargetFactory(project=project, source=Target.Source.APPLICATIONS, call=call,
                           progress=1)  # fmt: skip
    typed = TargetFactory(project=project, progress=3, label_en="Typed")
    url = reverse("admin:projects_project_change", args=[project.pk])
    html = editor_client.get(url).text
    data = form_data(html)
    data["targets-0-progress"] = "37"  # a disabled field, sent anyway
    data.update({"targets-1-source": Target.Source.APPLICATIONS, "targets-1-call": str(call.pk),
                 "targets-1-progress": "99"})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)
    assert response.status_code == 302
    target.refresh_from_db()
    typed.refresh_from_db()
    assert (target.progress, typed.progress) == (1, 1)  # the count of applications, not 37/99


def test_call_criteria_offer_focus_origins_with_plural_labels_and_the_near_miss_help(
    admin_client, criteria
):
    CountryFactory(code="BE", name_en="Belgium", is_focus=False)
    admin_client.cookies["django_language"] = "en"
    html = admin_client.get(change_url(CallFactory())).text
    origins = html[html.index('name="match_countries"') : html.index('id="add_id_match_countries"')]
    assert "Rwanda" in origins and "Belgium" not in origins
    assert "Required countries of origin" in html and "Required sectors" in html
    assert "includes the profiles missing one requirement on the matching page" in html
    assert "&quot;addText&quot;: &quot;Add a required language&quot;" in html


def test_a_non_focus_origin_chosen_before_stays_offered_and_saved(admin_client, criteria):
    belgium = CountryFactory(code="BE", name_en="Belgium", is_focus=False)
    call = CallFactory()
    call.match_countries.set([belgium])
    data = form_data(admin_client.get(change_url(call)).text)
    assert data["match_countries"] == str(belgium.pk)
    assert admin_client.post(change_url(call), data).status_code == 302
    assert list(call.match_countries.all()) == [belgium]


def test_call_criteria_labels_in_french(admin_client, criteria):
    admin_client.cookies["django_language"] = "fr"
    html = admin_client.get(change_url(CallFactory())).text
    assert "Secteurs exigés" in html and "Pays d’origine exigés" in html
    assert "&quot;addText&quot;: &quot;Ajouter une langue exig\\u00e9e&quot;" in html


def test_skills_without_a_sector_are_other_skills_listed_last(admin_client):
    SkillFactory(name_en="Accounting", name_fr="Comptabilité", sector=None)
    health = SectorFactory(code="health", name_en="Health", name_fr="Santé")
    SkillFactory(name_en="Nursing", name_fr="Soins infirmiers", sector=health)
    admin_client.cookies["django_language"] = "fr"
    html = admin_client.get(reverse("admin:projects_skill_changelist")).text
    assert "Autres compétences" in html and "Traductions" in html
    assert html.index("Soins infirmiers") < html.index("Comptabilité")
    filters = html[html.index('id="changelist-filter"') :]
    assert "Autres compétences" in filters  # the sector filter's "no sector"
