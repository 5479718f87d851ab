"""What a changelist of 10,000 rows and more needs (applications, event registrations,
newsletter subscribers): no count of the whole table besides the filtered one, no count
per filter value, a date hierarchy that does not truncate every row's date, and rows
rendered without a form widget each."""

import functools
from datetime import datetime

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


class BoundedDatesMixin:
    """The date hierarchy's years and months from the first and the last row's dates (two
    ends of an index) rather than from every row's truncated date: a DISTINCT over 10,000
    rows, and on SQLite a Python call per row. Every year (month) between the two is
    listed, one without rows among them included; days are still read from the rows."""

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        if kind not in ("year", "month"):
            return super().datetimes(field_name, kind, order, tzinfo)
        bounds = self.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = (timezone.localtime(bounds[end], tzinfo) for end in ("first", "last"))
        month = first.month if kind == "month" else 1
        year, result = first.year, []
        while (year, month) <= (last.year, last.month if kind == "month" else 1):
            result.append(datetime(year, month, 1, tzinfo=first.tzinfo))
            if kind == "year" or month == 12:
                year, month = year + 1, 1
            else:
                month += 1
        return result if order == "ASC" else result[::-1]


class LargeChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        queryset.__class__ = bounded_dates(queryset.__class__)
        return queryset


@functools.cache
def bounded_dates(queryset_class: type) -> type:
    if issubclass(queryset_class, BoundedDatesMixin):
        return queryset_class
    return type(f"BoundedDates{queryset_class.__name__}", (BoundedDatesMixin, queryset_class), {})


class LargeListAdmin:
    """A ModelAdmin mixin; the filters that scale are portal.core.admin_filters'."""

    # "12 results (Show all)", not a second count of every row under each filter.
    show_full_result_count = False
    # Counts per filter value are one aggregate per value: hundreds on a big list.
    show_facets = admin.ShowFacets.NEVER

    def get_changelist(self, request, **kwargs):
        return LargeChangeList

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        """Django's row checkbox, written out: its form widget's template costs a fifth of
        the page's time at 100 rows."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), obj),
        )
