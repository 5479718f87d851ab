"""The facets of a pool search: for each, the profiles of the result per value, with every
other facet applied (`pool_facets`)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.core.spoken_languages import language_name, levels_at_least
from projects.models import Sector, Skill
from talent.models import ExpertProfile, ProfileCountry, ProfileLanguage
from talent.search.query import (
    AVAILABILITY,
    WORK_MODES,
    YEAR_BANDS,
    PoolQuery,
    among,
    availability_filter,
    pool_ids,
    profiles_filtered,
)

FACET_SHOWN = 10  # values shown at once; the others behind "more"


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the GET parameter
    label: str
    values: list[FacetValue]

    @property
    def shown(self) -> list[FacetValue]:
        """The first values, and a chosen one wherever it ranks."""
        first = self.values[:FACET_SHOWN]
        return first + [v for v in self.values[FACET_SHOWN:] if v.selected]

    @property
    def more(self) -> list[FacetValue]:
        return [v for v in self.values[FACET_SHOWN:] if not v.selected]


def _restricted(
    rows: QuerySet, field: str, query: PoolQuery, facet: str, ids: list[int] | None
) -> QuerySet:
    """`rows` (`field` naming their profile) of the profiles that the query without
    `facet` finds: no condition when nothing else is asked; the result's `ids`, read by
    key, when the facet is not chosen; else a subquery."""
    base = query.without(facet)
    if base.is_empty:
        return rows
    if base == query:
        return rows.filter(among(field, ids))
    return rows.filter(**{f"{field}__in": profiles_filtered(base).values("pk")})


def _grouped(rows, *keys: str) -> list[tuple]:
    return [
        (*(row[key] for key in keys), row["n"])
        for row in rows.values(*keys).annotate(n=Count("pk")).order_by("-n", *keys)
    ]


def _values(pairs, labels, selected) -> list[FacetValue]:
    """The values present, most frequent first, and the chosen one even when the other
    facets leave it none (so that the form keeps it)."""
    chosen = str(selected) if selected not in (None, "") else None
    values = [
        FacetValue(str(value), str(labels(value)), count, str(value) == chosen)
        for value, count in pairs
        if count
    ]
    if chosen is not None and not any(value.selected for value in values):
        values.append(FacetValue(chosen, str(labels(selected)), 0, True))
    return values


COUNTRY_FACETS = [
    ("origin", ProfileCountry.Kind.ORIGIN, _("Country of origin or heritage")),
    ("residence", ProfileCountry.Kind.RESIDENCE, _("Country of residence")),
]


def _country_facets(query: PoolQuery, ids: list[int] | None) -> list[Facet]:
    """Origin and residence: one query for both when neither is chosen (they count the
    same profiles then), else one each."""
    if query.without("origin") == query.without("residence"):
        rows = _grouped(
            _restricted(ProfileCountry.objects.all(), "profile_id", query, "origin", ids),
            "kind",
            "country",
        )
        pairs = {kind: [(c, n) for k, c, n in rows if k == kind] for _f, kind, _l in COUNTRY_FACETS}
    else:
        pairs = {
            kind: _grouped(
                _restricted(
                    ProfileCountry.objects.filter(kind=kind), "profile_id", query, name, ids
                ),
                "country",
            )
            for name, kind, _label in COUNTRY_FACETS
        }
    return [
        Facet(name, label, _values(pairs[kind], countries.name, getattr(query, name)))
        for name, kind, label in COUNTRY_FACETS
    ]


def _link_facet(query: PoolQuery, name: str, model, label, ids: list[int] | None) -> Facet:
    link = getattr(ExpertProfile, f"{name}s").through
    rows = _restricted(link.objects.all(), "expertprofile_id", query, name, ids)
    pairs = _grouped(rows, f"{name}_id")
    selected = getattr(query, name)
    names = model.objects.in_bulk([pk for pk, _count in pairs] + ([selected] if selected else []))
    return Facet(name, label, _values(pairs, lambda pk: names.get(pk, pk), selected))


def _language_facet(query: PoolQuery, ids: list[int] | None) -> Facet:
    rows = _restricted(ProfileLanguage.objects.all(), "profile_id", query, "language", ids)
    if query.level:
        rows = rows.filter(level__in=levels_at_least(query.level))
    pairs = _grouped(rows, "language")
    return Facet("language", _("Language"), _values(pairs, language_name, query.language))


def _row_facets(query: PoolQuery, today: date, ids: list[int] | None) -> list[Facet]:
    """Availability, experience and way of working: conditions on the profile row, counted
    in one aggregate per distinct "query without the facet" (one in all when none of the
    three is chosen)."""
    specs = [
        ("availability", _("Availability"),
         [(key, label, availability_filter(key, today)) for key, label in AVAILABILITY]),
        ("years", _("Years of experience"),
         [(band, _("At least %(years)d years") % {"years": band}, Q(years_of_experience__gte=band))
          for band in YEAR_BANDS]),
        ("work_mode", _("Way of working"),
         [(mode, mode.label, Q(work_mode__in=WORK_MODES[mode]))
          for mode in ExpertProfile.WorkMode]),
    ]  # fmt: skip
    by_base: dict[PoolQuery, list[str]] = {}
    for name, _label, _options in specs:
        by_base.setdefault(query.without(name), []).append(name)
    totals: dict[str, int] = {}
    for names in by_base.values():
        counts = {
            f"{name}__{index}": Count("pk", filter=condition)
            for name, _label, options in specs
            if name in names
            for index, (_value, _text, condition) in enumerate(options)
        }
        profiles = _restricted(ExpertProfile.objects.all(), "pk", query, names[0], ids)
        totals.update(profiles.aggregate(**counts))
    facets = []
    for name, label, options in specs:
        chosen = str(getattr(query, name) or "")
        values = [
            FacetValue(str(value), str(text), totals[f"{name}__{index}"], str(value) == chosen)
            for index, (value, text, _condition) in enumerate(options)
        ]
        facets.append(Facet(name, label, [v for v in values if v.count or v.selected]))
    return facets


def pool_facets(query: PoolQuery, *, ids: list[int] | None = None) -> list[Facet]:
    """Every facet with its values' counts for the result of the other facets, most
    frequent first: at most eleven queries (eight when a single facet or none is chosen).
    The result's profiles (`ids`: the query's `pool_ids`, read here when not given) are
    read by primary key in every facet not chosen."""
    if ids is None:
        ids = pool_ids(query)
    return [
        *_country_facets(query, ids),
        _link_facet(query, "sector", Sector, _("Sector"), ids),
        _link_facet(query, "skill", Skill, _("Skill"), ids),
        _language_facet(query, ids),
        *_row_facets(query, timezone.localdate(), ids),
    ]
