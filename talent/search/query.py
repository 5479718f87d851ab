"""The pool's query: `PoolQuery`, the GET form that reads it, and the filters
(`pool_search`). The package's docstring says how the words are matched."""

from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from functools import reduce
from operator import add

from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Expression, F, Func, Q, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from portal.core.search import fold, search_config
from portal.core.spoken_languages import LEVELS, language_choices, levels_at_least
from talent.models import ExpertProfile, ProfileCountry, ProfileLanguage

SOON_DAYS = 91  # "within three months"
YEAR_BANDS = [2, 5, 10, 15, 20]
MAX_QUERY_LENGTH = 200

AVAILABILITY = [
    ("now", pgettext_lazy("availability", "Available now")),
    ("soon", pgettext_lazy("availability", "Available within 3 months")),
    ("paused", pgettext_lazy("availability", "Paused")),
]
# A member who works either way is found by both "remote" and "on site".
WORK_MODES = {
    ExpertProfile.WorkMode.REMOTE: [ExpertProfile.WorkMode.REMOTE, ExpertProfile.WorkMode.EITHER],
    ExpertProfile.WorkMode.ON_SITE: [
        ExpertProfile.WorkMode.ON_SITE,
        ExpertProfile.WorkMode.EITHER,
    ],
    ExpertProfile.WorkMode.EITHER: [ExpertProfile.WorkMode.EITHER],
}


@dataclass(frozen=True)
class PoolQuery:
    """What an officer asks of the pool; empty values do not filter."""

    q: str = ""
    origin: str = ""  # ISO country code
    residence: str = ""
    sector: int | None = None
    skill: int | None = None
    language: str = ""
    level: str = ""  # minimum level of `language`
    availability: str = ""  # a key of AVAILABILITY
    years: int | None = None  # at least this many years of experience
    work_mode: str = ""

    def params(self) -> dict[str, str]:
        """The query as GET parameters (for links and the export form), empty ones left out."""
        return {name: str(value) for name, value in asdict(self).items() if value not in ("", None)}

    def without(self, name: str) -> "PoolQuery":
        """The same query without facet `name` (its counts are computed so)."""
        reset = {"language": {"language": "", "level": ""}}.get(name, {name: None})
        default = {field.name: field.default for field in fields(self)}
        return PoolQuery(**{**asdict(self), **{key: default[key] for key in reset}})

    @property
    def is_empty(self) -> bool:
        return not self.params()


class PoolSearchForm(forms.Form):
    """The search page's GET form. Values are checked against what exists; a value that
    does not (an old link) is an error shown on the form, not a server error."""

    q = forms.CharField(label=_("Words"), required=False, max_length=MAX_QUERY_LENGTH)
    origin = forms.ChoiceField(label=_("Country of origin or heritage"), required=False)
    residence = forms.ChoiceField(label=_("Country of residence"), required=False)
    sector = forms.IntegerField(label=_("Sector"), required=False, min_value=1)
    skill = forms.IntegerField(label=_("Skill"), required=False, min_value=1)
    language = forms.ChoiceField(label=_("Language"), required=False)
    level = forms.ChoiceField(
        label=_("Minimum level"), required=False, choices=[("", _("Any level")), *LEVELS]
    )
    availability = forms.ChoiceField(
        label=_("Availability"), required=False, choices=[("", _("Any")), *AVAILABILITY]
    )
    years = forms.TypedChoiceField(
        label=_("Years of experience"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any"))]
        + [(band, _("At least %(years)d years") % {"years": band}) for band in YEAR_BANDS],
    )
    work_mode = forms.ChoiceField(
        label=_("Way of working"),
        required=False,
        choices=[("", _("Any")), *ExpertProfile.WorkMode.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country_choices = [("", _("Any")), *countries]
        self.fields["origin"].choices = country_choices
        self.fields["residence"].choices = country_choices
        self.fields["language"].choices = language_choices()

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def query(self) -> PoolQuery:
        """The valid fields' query (an invalid field does not filter)."""
        data = getattr(self, "cleaned_data", {})
        return PoolQuery(
            **{
                field.name: data[field.name]
                for field in fields(PoolQuery)
                if data.get(field.name) not in (None, "")
            }
        )


def pool_query_from(data) -> tuple[PoolSearchForm, PoolQuery]:
    """The bound form and its query, from GET (or POST for the export) parameters."""
    form = PoolSearchForm(data)
    form.is_valid()
    return form, form.query()


# Filters ------------------------------------------------------------------------------------


def text_configs() -> list[str]:
    """The text search configurations of the site's languages, each once."""
    return list(dict.fromkeys(search_config(code) for code, _name in settings.LANGUAGES))


def text_vector(text: Expression) -> Expression:
    """`text` as one vector in every site language's configuration: what
    `ExpertProfile.search_vector` holds (talent.services.profiles keeps it)."""
    return reduce(add, [SearchVector(text, config=config) for config in text_configs()])


def _searches(text: str) -> list[SearchQuery]:
    return [SearchQuery(text, config=config, search_type="websearch") for config in text_configs()]


def words_matched(queryset: QuerySet, text: str) -> QuerySet:
    if connection.vendor != "postgresql":
        for word in fold(text).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset
    matches = Q()
    for search in _searches(text):
        matches |= Q(search_vector=search)
    return queryset.filter(matches)


def ranked(queryset: QuerySet, text: str) -> QuerySet:
    """Best match first (the better of the ranks in each configuration) on PostgreSQL,
    from the stored vector; elsewhere the most recently updated first."""
    if connection.vendor != "postgresql":
        return queryset.order_by("-updated_at", "pk")
    ranks = [SearchRank(F("search_vector"), search) for search in _searches(text)]
    rank = Greatest(*ranks) if len(ranks) > 1 else ranks[0]
    return queryset.annotate(text_rank=rank).order_by("-text_rank", "-updated_at", "pk")


def _country(kind: str, code: str) -> Q:
    return Q(pk__in=ProfileCountry.objects.filter(kind=kind, country=code).values("profile_id"))


def availability_filter(key: str, today: date) -> Q:
    soon = today + timedelta(days=SOON_DAYS)
    if key == "paused":
        return Q(paused_until__gte=today)
    day = today if key == "now" else soon
    return Q(Q(available_from__isnull=True) | Q(available_from__lte=day)) & Q(
        Q(paused_until__isnull=True) | Q(paused_until__lt=day)
    )


class AnyOf(Func):
    """`expression = ANY(%s)`: membership in a list sent as one array parameter
    (PostgreSQL), not as thousands of parameters."""

    template = "%(expressions)s = ANY(%(array)s)"
    output_field = BooleanField()

    def __init__(self, expression, values: list[int]):
        super().__init__(expression)
        self.values = values

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, array="%s", **extra_context)
        return sql, (*params, self.values)


def among(field: str, ids: list[int]):
    """The condition "`field` is one of `ids`"."""
    if connection.vendor == "postgresql":
        return AnyOf(F(field), ids)
    return Q(**{f"{field}__in": ids})


def profiles_filtered(query: PoolQuery) -> QuerySet:
    """The profiles matching `query` (unordered)."""
    profiles = ExpertProfile.objects.order_by()
    if query.q:
        profiles = words_matched(profiles, query.q)
    if query.origin:
        profiles = profiles.filter(_country(ProfileCountry.Kind.ORIGIN, query.origin))
    if query.residence:
        profiles = profiles.filter(_country(ProfileCountry.Kind.RESIDENCE, query.residence))
    if query.sector:
        profiles = profiles.filter(
            pk__in=ExpertProfile.sectors.through.objects.filter(sector_id=query.sector).values(
                "expertprofile_id"
            )
        )
    if query.skill:
        profiles = profiles.filter(
            pk__in=ExpertProfile.skills.through.objects.filter(skill_id=query.skill).values(
                "expertprofile_id"
            )
        )
    if query.language:
        spoken = ProfileLanguage.objects.filter(language=query.language)
        if query.level:
            spoken = spoken.filter(level__in=levels_at_least(query.level))
        profiles = profiles.filter(pk__in=spoken.values("profile_id"))
    if query.availability:
        profiles = profiles.filter(availability_filter(query.availability, timezone.localdate()))
    if query.years is not None:
        profiles = profiles.filter(years_of_experience__gte=query.years)
    if query.work_mode:
        profiles = profiles.filter(work_mode__in=WORK_MODES.get(query.work_mode, []))
    return profiles


def pool_ids(query: PoolQuery) -> list[int] | None:
    """The primary keys of the profiles matching `query`, read once (one query) for the
    page, its count and the facets; None for an empty query (every profile)."""
    if query.is_empty:
        return None
    return list(profiles_filtered(query).values_list("pk", flat=True))


class PoolPaginator(Paginator):
    """Pages of `pool_search(query, ids=ids)` counted by `ids` (read already), not by
    asking the database again."""

    def __init__(self, profiles: QuerySet, per_page: int, *, ids: list[int] | None):
        super().__init__(profiles, per_page)
        self.ids = ids

    @cached_property
    def count(self) -> int:
        return len(self.ids) if self.ids is not None else self.object_list.count()


def pool_search(query: PoolQuery, *, ids: list[int] | None = None) -> QuerySet:
    """The profiles matching `query` (those of `ids`, its `pool_ids`, when given): best
    match first for a text search, else the most recently updated; with what a result row
    shows prefetched."""
    if ids is not None:
        profiles = ExpertProfile.objects.filter(among("pk", ids))
    else:
        profiles = profiles_filtered(query)
    profiles = ranked(profiles, query.q) if query.q else profiles.order_by("-updated_at", "pk")
    return profiles.prefetch_related("countries", "sectors", "skills", "languages")
