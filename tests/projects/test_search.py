import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.core.search import fold, search
from tests.projects.factories import CallFactory, CountryFactory, ProjectFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only"
)


def result_titles(query: str, language: str = "en") -> list[str]:
    with translation.override(language):
        return [r.obj.title if hasattr(r.obj, "title") else r.obj.name for r in search(query)]


def test_search_finds_projects_calls_and_countries():
    ProjectFactory(title_en="Health skills for Rwanda")
    CallFactory(title_en="Rwanda health professionals")
    CountryFactory(code="RW", name_en="Rwanda")
    ProjectFactory(title_en="Niger irrigation")
    assert set(result_titles("rwanda")) == {
        "Health skills for Rwanda",
        "Rwanda health professionals",
        "Rwanda",
    }


def test_search_ignores_hidden_content():
    ProjectFactory(title_en="Secret Rwanda plan", is_published=False)
    CallFactory(title_en="Secret Rwanda call", is_published=False)
    assert result_titles("secret") == []


def test_search_ranks_title_matches_above_body_matches():
    ProjectFactory(title_en="Other project", body_en="<p>Training for teachers</p>")
    ProjectFactory(title_en="Teachers training")
    assert result_titles("teachers") == ["Teachers training", "Other project"]


def test_search_is_in_the_visitors_language_with_english_fallback():
    ProjectFactory(title_en="Health", title_fr="Santé des mères")
    ProjectFactory(title_en="English only title", title_fr="", slug_fr=None)
    assert result_titles("mères", "fr") == ["Santé des mères"]
    assert result_titles("mères", "en") == []
    assert result_titles("english only", "fr") == ["English only title"]


def test_every_word_must_match():
    ProjectFactory(title_en="Rwanda health")
    ProjectFactory(title_en="Rwanda education")
    assert result_titles("rwanda education") == ["Rwanda education"]


def test_results_are_highlighted_and_escaped():
    ProjectFactory(
        title_en="Skills <script> transfer",
        summary_en="A summary",
        body_en="<p>Diaspora experts share their skills &amp; knowledge.</p>",
    )
    with translation.override("en"):
        (result,) = search("skills")
    assert str(result.title) == "<mark>Skills</mark> &lt;script&gt; transfer"
    assert "<mark>skills</mark> &amp; knowledge" in str(result.snippet)
    assert "<p>" not in str(result.snippet)


def test_empty_query_finds_nothing():
    ProjectFactory()
    assert search("   ") == []


def test_fold_removes_accents_and_case():
    assert fold("Événement À Ségou") == "evenement a segou"


def test_search_page_paginates_and_keeps_the_query(client):
    for n in range(12):
        ProjectFactory(title_en=f"Rwanda project {n}")
    html = client.get("/en/search/", {"q": "rwanda"}).text
    assert "12 results for “rwanda”" in html
    assert html.count('class="search-result"') == 10
    assert 'href="?q=rwanda&amp;page=2" rel="next"' in html
    page_two = client.get("/en/search/", {"q": "rwanda", "page": 2}).text
    assert page_two.count('class="search-result"') == 2
    assert '<meta name="robots" content="noindex">' in html


def test_search_page_asks_for_a_longer_query(client):
    html = client.get("/en/search/", {"q": "a"}).text
    assert "at least two characters" in html


def test_header_has_a_search_box_on_every_page(client):
    html = client.get("/en/").text
    assert '<form class="site-search" method="get" action="/en/search/" role="search">' in html
    assert '<label class="visually-hidden" for="site-search-q">' in html


def test_sqlite_fallback_ignores_accents_and_case():
    ProjectFactory(title_fr="Un événement à Tahoua", slug_fr="evenement")
    assert result_titles("EVENEMENT tahoua", "fr") == ["Un événement à Tahoua"]


@postgresql_only
def test_french_full_text_search_ignores_accents():
    ProjectFactory(
        title_en="Job fair",
        title_fr="Salon de l’emploi",
        body_fr="<p>Un grand événement pour la diaspora à Tahoua.</p>",
    )
    ProjectFactory(title_fr="Autre chose", body_fr="<p>Rien à voir.</p>")
    with translation.override("fr"):
        results = search("evenement")
    assert [r.obj.title_fr for r in results] == ["Salon de l’emploi"]
    assert "<mark>événement</mark>" in str(results[0].snippet)


@postgresql_only
def test_english_full_text_search_stems_words():
    ProjectFactory(title_en="Training teachers", body_en="<p>Schools in Rwanda.</p>")
    assert result_titles("teacher training") == ["Training teachers"]


def test_search_results_mark_a_fallback_title_and_name_their_type(client):
    ProjectFactory(title_en="Zanzibar fisheries", title_fr="", slug_fr=None)
    html = client.get("/fr/recherche/", {"q": "zanzibar"}).text
    assert '<a href="/fr/projets/' in html
    assert '" lang="en"><mark>Zanzibar</mark> fisheries</a>' in html
    assert '<li class="tag tag--neutral">Projet</li>' in html


def test_search_page_form_has_its_own_name_beside_the_header_search(client):
    html = client.get("/en/search/", {"q": "rwanda"}).text
    assert 'role="search" aria-labelledby="search-page-label"' in html
    assert '<label id="search-page-label" for="search-page-q">' in html


def test_search_page_loads_and_highlights_only_the_results_it_shows(client):
    for n in range(25):
        ProjectFactory(title_en=f"Rwanda project {n}", body_en="<p>Health in Rwanda.</p>")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/search/", {"q": "rwanda", "page": 2}).text
    assert html.count('class="search-result"') == 10
    assert html.count("<mark>Rwanda</mark> project") == 10
    assert html.count("<mark>Rwanda</mark>.") == 10  # the snippets
    # Objects (and on PostgreSQL ts_headline, which reads whole texts) for the 10 shown
    # only: the 25 matches are ranked from a few columns.
    loads = [q["sql"] for q in queries if re.search(r'"id" IN \(', q["sql"])]
    assert loads, "no query loads the results shown"
    for sql in loads:
        (ids,) = re.findall(r'"id" IN \(([^)]*)\)', sql)
        assert len(ids.split(",")) == 10, sql
    if connection.vendor == "postgresql":
        assert any("ts_headline" in sql for sql in loads)


def test_a_result_gone_before_it_is_shown_is_left_out():
    from portal.core.search import highlight_results, ranked

    kept = ProjectFactory(title_en="Rwanda health")
    gone = ProjectFactory(title_en="Rwanda water")
    results = ranked("rwanda", "en")
    assert {r.pk for r in results} == {kept.pk, gone.pk}
    assert all(r.obj is None for r in results)  # ranked builds no object
    gone.is_published = False
    gone.save()
    shown = highlight_results(results, "rwanda", "en")
    assert [r.obj for r in shown] == [kept]
    assert shown[0].url == kept.get_absolute_url()
    assert shown[0].title == "<mark>Rwanda</mark> health"


def test_an_edited_row_is_searched_in_its_new_words():
    """Rows' folded texts are kept per process by their values: an edit is never stale."""
    project = ProjectFactory(title_en="Irrigation in Niger")
    assert result_titles("irrigation") == ["Irrigation in Niger"]
    project.title_en = "Water in Niger"
    project.save()
    assert result_titles("irrigation") == []
    assert result_titles("water") == ["Water in Niger"]


@postgresql_only
def test_the_expressions_kept_per_process_are_never_changed_by_a_search():
    """portal/core/search.py builds each source's vector, title and text once per process
    and gives them to every query: resolving must copy them, never change them."""
    from portal.core import search as search_module

    ProjectFactory(
        title_en="Rwanda health", title_fr="Santé au Rwanda", body_en="<p>Clinics in Kigali</p>"
    )
    assert result_titles("health") == ["Rwanda health"]
    kept = {key: repr(parts) for key, parts in search_module._documents.items()}
    assert kept, "no expressions kept"
    assert result_titles("kigali") == ["Rwanda health"]
    assert result_titles("rwanda", "fr") == ["Santé au Rwanda"]
    assert {key: repr(search_module._documents[key]) for key in kept} == kept


@pytest.mark.parametrize("query", ["\x00rwanda", "rw\x00", "rwanda\x02\x03", "\x00", "%00"])
def test_control_characters_in_a_query_are_word_breaks_never_an_error(client, query):
    """A NUL made PostgreSQL refuse the query (a 500, review finding); the highlighter's own
    marks must not come from a visitor either."""
    ProjectFactory(title_en="Rwanda health")
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert "\x00" not in response.text and "\x02" not in response.text


def test_a_tab_or_a_line_break_separates_words():
    from portal.core.search import clean_query

    assert clean_query("rwanda\thealth\nskills\x00now") == "rwanda health skills now"


def test_paragraphs_do_not_run_together_in_a_snippet():
    ProjectFactory(
        title_en="Health skills", body_en="<p>Doctors trained them.</p><p>On 5 October</p>"
    )
    (result,) = search("october", "en")
    assert "them. On 5" in result.snippet
    assert "them.On" not in result.snippet


def test_lone_letters_are_no_search():
    """Matched as part of any word, "b" and "x" found nearly everything (a review typed
    <b>x</b>)."""
    ProjectFactory(title_en="Example members", body_en="<p>Luxembourg boxes</p>")
    assert result_titles("<b>x</b>") == []
    assert result_titles("b x") == []
    assert result_titles("members") == ["Example members"]


def test_results_of_equal_rank_are_in_alphabetical_order():
    for title in ("Salon de l’emploi", "l’OIM Belgique", "Éducation à Niamey", "Zinder"):
        ProjectFactory(title_en=title, body_en="<p>With the diaspora.</p>")
    assert result_titles("diaspora") == [
        "Éducation à Niamey",
        "l’OIM Belgique",
        "Salon de l’emploi",
        "Zinder",
    ]
