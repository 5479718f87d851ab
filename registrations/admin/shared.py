"""What the registrations admins share: history to read only, and CSV downloads."""

import csv

from django.http import HttpResponse
from django.utils import timezone

from portal.core.admin import HistoryAdmin


class ReadOnlyHistoryAdmin(HistoryAdmin):
    """History to read, not to revert: these rows change only through the services (places
    taken under lock, target counts), and a revert would step around them."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True


def csv_response(name: str, header, rows) -> HttpResponse:
    """A CSV download (UTF-8 with a byte-order mark, so spreadsheet programs read it)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(label) for label in header])
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return response


def csv_safe(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell that starts with = + - @
    is prefixed with an apostrophe."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
