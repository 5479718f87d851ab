"""Site search's indexes on PostgreSQL: one GIN index per search source and language.

A search matches each source's rows on a text search vector built from the row's fields in
the visitor's language (portal/core/search.py). Without an index, PostgreSQL builds that
vector for every public row at every search (stemming and unaccenting whole article
bodies), so the time a search takes grows with the content. An expression index on the very
same vector lets it look the words up instead.

The indexes follow `settings.LANGUAGES`, `settings.SEARCH_CONFIGS` and each source's fields:
after every `migrate` (post_migrate), `sync_search_indexes` compiles each vector as the
search compiles it, creates the indexes that are missing and drops those no longer wanted.
An index's name holds a hash of its expression, so a changed field list or configuration
makes a new index rather than leaving a stale one. A third language gets its indexes at
the `migrate` that adds its columns (and once its configuration exists: SEARCH_CONFIGS).

An index is built with a plain CREATE INDEX (post_migrate may run inside a transaction,
where CONCURRENTLY is refused): it blocks writes to its table while it builds, which takes
a moment at this site's size; on a table of millions of rows, create it by hand with
CONCURRENTLY under the same name before deploying the change that wants it.
"""

import hashlib

from django.conf import settings
from django.db import connections

from portal.core.search import _expressions, search_config, sources

PREFIX = "portal_search_"


def wanted_indexes(using: str = "default") -> dict[str, str]:
    """Index name -> CREATE INDEX statement, for every source and language whose text search
    configuration exists (the migrations create them; a test database made without
    migrations may not have them yet)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        configurations = {name for (name,) in cursor.fetchall()}
    languages = [
        code for code, _name in settings.LANGUAGES if search_config(code) in configurations
    ]
    statements = {}
    for source in sources():
        queryset = source.queryset()
        query = queryset.query
        compiler = query.get_compiler(connection=connection)
        table = queryset.model._meta.db_table
        for code in languages:
            vector = _expressions(source, "", code)["vector"].resolve_expression(query)
            sql, params = compiler.compile(vector)
            expression = connection.ops.compose_sql(sql, params)  # literals, as a query's
            digest = hashlib.sha256(expression.encode()).hexdigest()[:10]
            name = f"{PREFIX}{table[:30]}_{code.replace('-', '_')}_{digest}".lower()
            quote = connection.ops.quote_name
            statements[name] = (
                f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
                f"USING GIN (({expression}))"
            )
    return statements


def existing_indexes(using: str = "default") -> set[str]:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname LIKE %s",
            [PREFIX.replace("_", r"\_") + "%"],
        )
        return {name for (name,) in cursor.fetchall()}


def sync_search_indexes(using: str = "default") -> None:
    """Create the missing indexes, drop the unwanted ones (PostgreSQL only)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    wanted, existing = wanted_indexes(using), existing_indexes(using)
    with connection.cursor() as cursor:
        for name in sorted(existing - set(wanted)):
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
        for name in sorted(set(wanted) - existing):
            cursor.execute(wanted[name])
