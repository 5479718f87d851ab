"""What the registrations admins share: history to read only, and CSV downloads."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.core.admin import HistoryAdmin
from portal.core.csv_export import COMMA, SEMICOLON, csv_response


class ReadOnlyHistoryAdmin(HistoryAdmin):
    """History to read, not to revert: these rows change only through the services (places
    taken under lock, target counts), and a revert would step around them."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True


class CsvExportMixin:
    """Two export actions: for Excel (semicolons, as Excel in French or Belgian reads them)
    and with commas for other programs. An admin may name its file in `csv_name`; it gives
    its header and rows in `csv_table(request, queryset)`."""

    csv_name = ""  # the model's name in the plural by default

    def csv_table(self, request, queryset) -> tuple[list, object]:
        raise NotImplementedError

    def _csv(self, request, queryset, separator: str):
        header, rows = self.csv_table(request, queryset)
        name = self.csv_name or f"{self.opts.model_name}s"
        return csv_response(name, header, rows, separator=separator)

    @admin.action(description=_("Export to CSV for Excel (semicolons)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._csv(request, queryset, SEMICOLON)

    @admin.action(description=_("Export to CSV with commas"), permissions=["view"])
    def export_csv_comma(self, request, queryset):
        return self._csv(request, queryset, COMMA)
