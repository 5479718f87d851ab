"""Changelist filters that scale: a country filter lists only the countries found in the
rows (a few links), never the 250 of the field's choices stacked down a phone screen."""

from django.contrib import admin
from django_countries import countries


def countries_present_filter(field: str, title) -> type[admin.SimpleListFilter]:
    """A filter on the country field `field` offering only the countries present."""

    class CountriesPresentFilter(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request, model_admin):
            codes = (
                model_admin.get_queryset(request)
                .order_by()
                .values_list(field, flat=True)
                .distinct()
            )
            return sorted(
                ((str(code), countries.name(code)) for code in codes if code),
                key=lambda item: item[1],
            )

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{field: self.value()})
            return queryset

    CountriesPresentFilter.title = title
    CountriesPresentFilter.__name__ = f"CountriesPresent_{field}"
    return CountriesPresentFilter
