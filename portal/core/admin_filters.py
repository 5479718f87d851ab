"""Changelist filters that stay a few lines tall however many rows and values there are.

A filter over a value that grows with the data (countries, calls, sessions, free-text
sources) shows the few values staff pick most as links, and every value in one drop-down
list with a button: never 200 links stacked down the page (12,000 px on a phone). Each
filter costs one query, whatever the number of rows. The links and the list keep the
other filters, the search and the sorting of the page.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.db.models import Count
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django_countries import countries


class CompactFilter(admin.SimpleListFilter):
    """`options(request, model_admin)` gives (value, label) pairs, the most useful first:
    the first `links` are links, the list offers them all (ordered by `listed`)."""

    template = "admin/portal/compact_filter.html"
    links = 10
    field = ""  # the lookup the value filters on, `parameter_name` by default
    choose_label = _("Choose")

    def options(self, request, model_admin) -> list[tuple[str, str]]:
        raise NotImplementedError

    def listed(self, options: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The drop-down list's order: by label (a subclass may know a better one)."""
        return sorted(options, key=lambda option: str(option[1]).casefold())

    def lookups(self, request, model_admin):
        return self.options(request, model_admin)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field or self.parameter_name: self.value()})
        return queryset

    def choices(self, changelist):
        """ "All", the first `links` values and the chosen one; the list and the hidden
        fields that keep the rest of the page's query are set for the template."""
        self.kept = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name not in (self.parameter_name, PAGE_VAR)
            for value in values
        ]
        many = len(self.lookup_choices) > self.links
        self.more = self.options_html(self.listed(self.lookup_choices)) if many else ""
        shown = self.lookup_choices[: self.links]
        chosen = [option for option in self.lookup_choices if str(option[0]) == self.value()]
        if chosen and chosen[0] not in shown:
            shown = [*shown, chosen[0]]
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
        }
        for value, label in shown:
            yield {
                "selected": self.value() == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def options_html(self, options: list[tuple[str, str]]) -> str:
        """The list's <option>s, written here: a template loop over 200 values costs more
        than the rest of the filter column."""
        chosen = self.value()
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if str(value) == chosen else "", label)
                for value, label in options
            ),
        )

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {}  # never a count per value: hundreds of them on a big list


def _most_frequent(queryset, field: str):
    """The non-empty values of `field` in `queryset`, the most frequent first (one query)."""
    rows = (
        queryset.order_by()
        .exclude(**{field: ""})
        .values_list(field)
        .annotate(rows=Count("pk"))
        .order_by("-rows", field)
    )
    return [value for value, _rows in rows]


def top_countries_filter(field: str, title) -> type[CompactFilter]:
    """A filter on the country field `field`: the 10 countries with the most rows as links,
    every country present in the list (in the staff member's language's order)."""

    class TopCountriesFilter(CompactFilter):
        parameter_name = field
        choose_label = _("Choose a country")

        def options(self, request, model_admin):
            rows = _most_frequent(model_admin.get_queryset(request), field)
            return [(str(code), countries.name(code)) for code in rows]

        def listed(self, options):
            present = {code for code, _name in options}
            return [(code, name) for code, name in countries if code in present]

    TopCountriesFilter.title = title
    TopCountriesFilter.__name__ = f"TopCountries_{field}"
    return TopCountriesFilter


def related_filter(
    lookup: str, title, queryset_of, *, choose_label=CompactFilter.choose_label
) -> type[CompactFilter]:
    """A filter on the foreign key `lookup` (`call`, `session__event`), on Django's own
    parameter (`call__id__exact`: links made elsewhere keep working). `queryset_of(request)`
    gives the objects offered, the most useful first, ready to be named without a query
    each (their select_related inside)."""

    class RelatedCompactFilter(CompactFilter):
        parameter_name = f"{lookup}__id__exact"

        def options(self, request, model_admin):
            return [(str(obj.pk), str(obj)) for obj in queryset_of(request)]

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            value = self.value()
            if not (value.isascii() and value.isdigit() and len(value) <= 18):
                raise IncorrectLookupParameters  # the changelist says so, not a 500
            return queryset.filter(**{f"{lookup}__id": value})

    RelatedCompactFilter.title = title
    RelatedCompactFilter.choose_label = choose_label
    RelatedCompactFilter.__name__ = f"Related_{lookup}"
    return RelatedCompactFilter


def frequent_values_filter(field: str, title, *, choose_label) -> type[CompactFilter]:
    """A filter on a free-text field (a subscriber's source): its most frequent values."""

    class FrequentValuesFilter(CompactFilter):
        parameter_name = f"{field}__exact"  # Django's own: links made before keep working

        def options(self, request, model_admin):
            return [
                (value, value) for value in _most_frequent(model_admin.get_queryset(request), field)
            ]

    FrequentValuesFilter.field = field
    FrequentValuesFilter.title = title
    FrequentValuesFilter.choose_label = choose_label
    FrequentValuesFilter.__name__ = f"FrequentValues_{field}"
    return FrequentValuesFilter
