"""The pool's faceted search (talent/search.py): filters, facet counts, full text on SQLite
and on PostgreSQL, and a query count that does not grow with the pool."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from talent.models import ExpertProfile
from talent.search import PoolQuery, pool_facets, pool_ids, pool_query_from, pool_search
from talent.services import profile_search_text_save
from tests.projects.factories import SectorFactory, SkillFactory
from tests.talent.factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL text search only"
)


def names(query: PoolQuery) -> list[str]:
    return sorted(profile.name for profile in pool_search(query))


def facet(query: PoolQuery, name: str) -> dict[str, int]:
    found = next(f for f in pool_facets(query) if f.name == name)
    return {value.label: value.count for value in found.values}


@pytest.fixture
def pool():
    health = SectorFactory(code="health", name_en="Health", name_fr="Santé")
    education = SectorFactory(code="education", name_en="Education", name_fr="Éducation")
    surgery = SkillFactory(code="surgery", name_en="Surgery", name_fr="Chirurgie", sector=health)
    today = timezone.localdate()
    return {
        "amina": ExpertProfileFactory(
            name="Amina",
            origin=["RW"],
            residence=["BE"],
            speaks={"fr": "native", "rw": "native"},
            sectors=[health],
            skills=[surgery],
            years_of_experience=12,
            work_mode="remote",
            search_text="chirurgienne pediatrique surgery",
        ),
        "moussa": ExpertProfileFactory(
            name="Moussa",
            origin=["MR"],
            residence=["FR"],
            speaks={"fr": "fluent", "ar": "native"},
            sectors=[education],
            years_of_experience=4,
            work_mode="on-site",
            available_from=today + timedelta(days=40),
            search_text="teacher enseignant mathematiques",
        ),
        "claire": ExpertProfileFactory(
            name="Claire",
            origin=["RW"],
            residence=["LU"],
            speaks={"en": "basic"},
            sectors=[health, education],
            years_of_experience=25,
            work_mode="either",
            paused_until=today + timedelta(days=200),
            search_text="nurse infirmiere education sante",
        ),
        "health": health,
        "education": education,
        "surgery": surgery,
    }


def test_no_filter_finds_the_whole_pool(pool):
    assert names(PoolQuery()) == ["Amina", "Claire", "Moussa"]


def test_each_facet_filters(pool):
    assert names(PoolQuery(origin="RW")) == ["Amina", "Claire"]
    assert names(PoolQuery(residence="FR")) == ["Moussa"]
    assert names(PoolQuery(sector=pool["education"].pk)) == ["Claire", "Moussa"]
    assert names(PoolQuery(skill=pool["surgery"].pk)) == ["Amina"]
    assert names(PoolQuery(years=10)) == ["Amina", "Claire"]
    assert names(PoolQuery(origin="RW", sector=pool["education"].pk)) == ["Claire"]


def test_language_with_a_minimum_level(pool):
    assert names(PoolQuery(language="fr")) == ["Amina", "Moussa"]
    assert names(PoolQuery(language="fr", level="native")) == ["Amina"]
    assert names(PoolQuery(language="en", level="intermediate")) == []


def test_availability_now_soon_and_paused(pool):
    assert names(PoolQuery(availability="now")) == ["Amina"]
    assert names(PoolQuery(availability="soon")) == ["Amina", "Moussa"]
    assert names(PoolQuery(availability="paused")) == ["Claire"]


def test_work_mode_either_is_found_by_remote_and_on_site(pool):
    assert names(PoolQuery(work_mode="remote")) == ["Amina", "Claire"]
    assert names(PoolQuery(work_mode="on-site")) == ["Claire", "Moussa"]
    assert names(PoolQuery(work_mode="either")) == ["Claire"]


def test_free_text_ignores_case_and_accents(pool):
    assert names(PoolQuery(q="Infirmière")) == ["Claire"]
    assert names(PoolQuery(q="ÉDUCATION santé")) == ["Claire"]
    assert names(PoolQuery(q="nurse surgery")) == []


def test_facet_counts_apply_the_other_facets_not_their_own(pool):
    query = PoolQuery(origin="RW", sector=pool["health"].pk)
    # Origin counted within the health sector, every origin offered.
    assert facet(query, "origin") == {"Rwanda": 2}
    # Sectors counted among the Rwandans.
    assert facet(query, "sector") == {"Health": 2, "Education": 1}
    assert facet(query, "language") == {"French": 1, "Kinyarwanda": 1, "English": 1}
    assert facet(query, "availability") == {
        "Available now": 1,
        "Available within 3 months": 1,
        "Paused": 1,
    }
    assert facet(query, "years") == {
        "At least 2 years": 2,
        "At least 5 years": 2,
        "At least 10 years": 2,
        "At least 15 years": 1,
        "At least 20 years": 1,
    }


def test_facet_values_are_most_frequent_first_and_named_in_the_language(pool):
    with translation.override("fr"):
        assert list(facet(PoolQuery(), "origin").items()) == [("Rwanda", 2), ("Mauritanie", 1)]
        assert facet(PoolQuery(), "sector") == {"Éducation": 2, "Santé": 2}
        assert facet(PoolQuery(), "skill") == {"Chirurgie": 1}


def test_a_chosen_value_that_the_other_facets_empty_stays_in_its_facet(pool):
    query = PoolQuery(origin="MR", sector=pool["health"].pk)
    values = next(f for f in pool_facets(query) if f.name == "origin").values
    assert [(v.value, v.count, v.selected) for v in values] == [("RW", 2, False), ("MR", 0, True)]


def test_more_than_ten_values_are_behind_more(pool):
    for code in ["SN", "ML", "NE", "GN", "BF", "BJ", "UG", "TZ", "BI", "CD"]:
        ExpertProfileFactory(origin=[code])
    origin = next(f for f in pool_facets(PoolQuery()) if f.name == "origin")
    assert len(origin.values) == 12
    assert len(origin.shown) == 10 and len(origin.more) == 2
    assert origin.shown[0].label == "Rwanda"


def test_form_reads_get_parameters_and_ignores_bad_values(pool):
    form, query = pool_query_from(
        {"q": "  nurse   infirmiere ", "origin": "RW", "years": "10", "sector": "abc", "level": "x"}
    )
    assert query == PoolQuery(q="nurse infirmiere", origin="RW", years=10)
    assert set(form.errors) == {"sector", "level"}
    _form, query = pool_query_from({"origin": "ZZ", "availability": "tomorrow"})
    assert query == PoolQuery()


def test_query_count_does_not_grow_with_the_pool(pool):
    query = PoolQuery(q="nurse", origin="RW")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(pool_search(query)[:25])
            pool_facets(query)
        return len(captured)

    def add(n: int) -> None:
        ExpertProfileFactory(
            origin=["RW"],
            speaks={"fr": "fluent"},
            sectors=[pool["health"]],
            skills=[pool["surgery"]],
            search_text=f"nurse {n}",
        )

    add(0)
    before = count()
    for n in range(1, 11):
        add(n)
    assert count() == before


@POSTGRESQL_ONLY
def test_full_text_matches_stems_in_either_language(pool):
    assert names(PoolQuery(q="nurses")) == ["Claire"]  # English stemming
    assert names(PoolQuery(q="enseignants")) == ["Moussa"]  # French stemming
    assert names(PoolQuery(q="chirurgienne pédiatrique")) == ["Amina"]  # accents ignored


@POSTGRESQL_ONLY
def test_full_text_results_are_ranked(pool):
    ExpertProfileFactory(name="Zoe", search_text="education education education sante")
    ranked = [p.name for p in pool_search(PoolQuery(q="education"))]
    assert ranked[0] == "Zoe" and set(ranked) == {"Zoe", "Claire"}


@POSTGRESQL_ONLY
def test_full_text_uses_the_stored_vector_and_its_gin_index(pool):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'talent_expertprofile'"
            " AND indexname LIKE 'talent_profile_%%' ORDER BY indexname"
        )
        assert [row[0] for row in cursor.fetchall()] == [
            "talent_profile_recent",
            "talent_profile_search_vector",
        ]
        cursor.execute("SET enable_seqscan = off")
        sql, params = pool_search(PoolQuery(q="nurse")).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "talent_profile_search_vector" in plan
    assert "to_tsvector" not in sql  # ranking reads the stored vector


@POSTGRESQL_ONLY
def test_saving_a_profile_keeps_its_vector(pool):
    profile = ExpertProfile.objects.get(name="Claire")
    profile.profession = "Hydrologist"
    profile.save()
    profile_search_text_save(profile)
    profile.save()  # a later save keeps the vector
    assert names(PoolQuery(q="hydrologists")) == ["Claire"]
    assert names(PoolQuery(q="nurse")) == []


def test_page_count_and_facets_read_the_matching_ids_once(pool):
    query = PoolQuery(q="nurse", origin="RW")
    ids = pool_ids(query)
    assert sorted(ids) == sorted(p.pk for p in pool_search(query))
    assert [p.pk for p in pool_search(query, ids=ids)] == [p.pk for p in pool_search(query)]
    assert pool_facets(query, ids=ids) == pool_facets(query)
    assert pool_ids(PoolQuery()) is None
