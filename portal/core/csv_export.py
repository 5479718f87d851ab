"""CSV downloads that open as they should in a spreadsheet, in the office's habits.

Excel set to French or Belgian (and LibreOffice in those locales) splits columns on a
semicolon, not a comma, and reads a file as UTF-8 only with a byte-order mark: so the
default is semicolons and a BOM, with commas on request for other programs. Dates are
written on the office's clock as such a spreadsheet reads them ("10/06/2027 18:00"), and a
cell that a spreadsheet would run as a formula is neutralised (CSV injection).
"""

import csv
from collections.abc import Iterable
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

SEMICOLON = ";"
COMMA = ","
SEPARATORS = (SEMICOLON, COMMA)

DATE_FORMAT = "%d/%m/%Y"
DATE_TIME_FORMAT = "%d/%m/%Y %H:%M"

# A cell starting with one of these is read as a formula by spreadsheet programs: the
# ASCII signs, their full-width forms (which some spreadsheets fold to ASCII), and the
# control characters that can hide a formula after them.
FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",  # FULLWIDTH EQUALS SIGN
    "\uff0b",  # FULLWIDTH PLUS SIGN
    "\uff0d",  # FULLWIDTH HYPHEN-MINUS
    "\uff20",  # FULLWIDTH COMMERCIAL AT
)


def csv_response(
    name: str, header: Iterable, rows: Iterable[Iterable], *, separator: str = SEMICOLON
) -> HttpResponse:
    """A CSV download named `name` and the time: UTF-8 with a byte-order mark, `separator`
    between cells (a semicolon unless staff ask for commas), every cell made safe."""
    if separator not in SEPARATORS:
        raise ValueError(f"Unknown CSV separator: {separator!r}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=separator, lineterminator="\r\n")
    writer.writerow([csv_safe(label) for label in header])
    for row in rows:
        writer.writerow([csv_safe(csv_cell(value)) for value in row])
    return response


def csv_cell(value) -> str:
    """`value` as a spreadsheet cell: local dates and times as dd/mm/yyyy hh:mm, yes/no in
    the staff member's language, nothing for None, a country by its name."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime(DATE_TIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if hasattr(value, "name") and hasattr(value, "code"):  # django-countries' Country
        return str(value.name)
    return str(value)


def csv_safe(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell that starts with = + - @
    (or their full-width forms ＝ ＋ － ＠, or a tab, carriage return or line feed) is
    prefixed with an apostrophe."""
    text = str(value)
    return f"'{text}" if text[:1] in FORMULA_STARTS else text
