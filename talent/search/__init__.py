"""Faceted search of the talent pool, for programme officers.

A search is a `PoolQuery` (read from the page's GET form by `PoolSearchForm`): free text and
facets (countries of origin and residence, sector, skill, language with a minimum level,
availability, minimum years of experience, way of working). `pool_ids(query)` reads the
matching profiles' keys once; `pool_search(query, ids=...)` gives them, ranked (paged by
`PoolPaginator`, which counts the keys), and
`pool_facets(query, ids=...)` counts, for each facet, the profiles of the result
per value of that facet, with every other facet applied (so a chosen value can be changed):
one grouped query per facet (two for sectors and skills, whose names are read by primary
key), whatever the size of the pool.

Free text reads `ExpertProfile.search_text` (the folded profession, summaries and skills
that the services keep):

* on PostgreSQL, full text in each site language's configuration (`settings.SEARCH_CONFIGS`:
  english_unaccent, french_unaccent), a profile matching in either, since a member writes in
  whichever language they like; ranked by the better of the two ranks. Both read the stored
  `search_vector` (`text_vector(search_text)`: the text in every configuration at once,
  GIN-indexed, migration 0003), so nothing is recomputed per row;
* elsewhere (SQLite in development), every word of the query, folded (no case, no accents),
  must appear in the text.
"""

from talent.search.facets import FACET_SHOWN, Facet, FacetValue, pool_facets
from talent.search.query import (
    AVAILABILITY,
    PoolPaginator,
    PoolQuery,
    PoolSearchForm,
    availability_filter,
    pool_ids,
    pool_query_from,
    pool_search,
    text_configs,
    text_vector,
)

__all__ = [
    "AVAILABILITY", "FACET_SHOWN", "Facet", "FacetValue", "PoolPaginator", "PoolQuery",
    "PoolSearchForm", "availability_filter", "pool_facets", "pool_ids",
    "pool_query_from", "pool_search", "text_configs", "text_vector",
]  # fmt: skip
