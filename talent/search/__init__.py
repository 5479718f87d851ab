"""Faceted search of the talent pool, for programme officers.

A search is a `PoolQuery` (read from the page's GET form by `PoolSearchForm`): free text and
facets (countries of origin and residence, sector, skill, language with a minimum level,
availability, minimum years of experience, way of working). `pool_search(query)` gives the
matching profiles; `pool_facets(query)` counts, for each facet, the profiles of the result
per value of that facet, with every other facet applied (so a chosen value can be changed):
one grouped query per facet (two for sectors and skills, whose names are read by primary
key), whatever the size of the pool.

Free text reads `ExpertProfile.search_text` (the folded profession, summaries and skills
that the services keep):

* on PostgreSQL, full text in each site language's configuration (`settings.SEARCH_CONFIGS`:
  english_unaccent, french_unaccent), a profile matching in either, since a member writes in
  whichever language they like; ranked by the better of the two ranks. The vectors are the
  expressions the GIN indexes of migration 0002 are built on (`to_tsvector('<config>',
  search_text)`), so the planner uses them;
* elsewhere (SQLite in development), every word of the query, folded (no case, no accents),
  must appear in the text.
"""

from talent.search.facets import FACET_SHOWN, Facet, FacetValue, pool_facets
from talent.search.query import (
    AVAILABILITY,
    PoolQuery,
    PoolSearchForm,
    availability_filter,
    pool_query_from,
    pool_search,
    text_configs,
)

__all__ = [
    "AVAILABILITY", "FACET_SHOWN", "Facet", "FacetValue", "PoolQuery", "PoolSearchForm",
    "availability_filter", "pool_facets", "pool_query_from", "pool_search", "text_configs",
]  # fmt: skip
