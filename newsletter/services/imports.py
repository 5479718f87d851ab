"""Importing subscribers from a spreadsheet (CSV): columns email, language, consent.

`subscribers_import(text=..., dry_run=True)` says what would happen to each row without
writing anything; with `dry_run=False` it does it. A consent given as a date imports the
person as confirmed (consent recorded on that date); a plain "yes" imports them as waiting
for confirmation, and they get the double opt-in email; rows without consent are refused.
Nobody who unsubscribed (or whose address bounced) is subscribed again, even after their
row was deleted (the suppression list keeps a keyed hash of the address)."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from newsletter import signals
from newsletter.models import Subscriber
from newsletter.services.suppression import suppressed_addresses

MAX_ROWS = 20000
YES = {"yes", "y", "oui", "o", "true", "1", "x", "ja"}
NO = {"", "no", "n", "non", "false", "0", "nee", "nein"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M")
SOURCE = "import"
# Column names staff may use, in English or French, for each column.
HEADERS = {
    "email": "email", "e-mail": "email", "courriel": "email", "adresse": "email",
    "language": "language", "langue": "language",
    "consent": "consent", "consentement": "consent",
}  # fmt: skip

# Outcomes of a row.
NEW_CONFIRMED = "new_confirmed"
NEW_PENDING = "new_pending"
EXISTING = "existing"
LEFT_ALONE = "left_alone"  # unsubscribed, bounced or complained: never subscribed again
INVALID = "invalid"
NO_CONSENT = "no_consent"


class ImportInvalid(ValueError):
    """The file as a whole cannot be read (no header with an email column, too many rows)."""


@dataclass
class Row:
    line: int
    email: str
    language: str
    outcome: str
    reason: str = ""
    consent_at: datetime | None = None


@dataclass
class ImportReport:
    rows: list[Row] = field(default_factory=list)
    written: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    def listed(self, *outcomes: str) -> list[Row]:
        return [row for row in self.rows if row.outcome in outcomes]

    @property
    def counts(self) -> dict[str, int]:
        outcomes = (NEW_CONFIRMED, NEW_PENDING, EXISTING, LEFT_ALONE, INVALID, NO_CONSENT)
        return {outcome: self.count(outcome) for outcome in outcomes}


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without the byte-order mark Excel writes), else
    Windows-1252 (Excel's "CSV" in western Europe)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _reader(text: str):
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _consent(value: str) -> tuple[str, datetime | None]:
    """("date", when) for a dated consent, ("yes", None), ("no", None) or ("?", None)."""
    value = value.strip()
    lowered = value.lower()
    if lowered in YES:
        return "yes", None
    if lowered in NO:
        return "no", None
    for pattern in DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        if parsed.date() > date.today():
            return "?", None
        if parsed.time() == time(0):
            parsed = datetime.combine(parsed.date(), time(12))
        return "date", timezone.make_aware(parsed)
    return "?", None


def _languages() -> dict[str, str]:
    """Accepted spellings of each language: its code and its name in each of the site's
    languages ("fr", "French", "français")."""
    accepted = {}
    for code, name in settings.LANGUAGES:
        accepted[code.lower()] = code
        for spoken, _spoken_name in settings.LANGUAGES:
            with translation.override(spoken):
                accepted[str(name).lower()] = code
    return accepted


def subscribers_import(*, text: str, dry_run: bool = True) -> ImportReport:
    """Classify every row of the CSV `text`; unless `dry_run`, create the new subscribers
    (and ask for the confirmation email of those without a dated consent)."""
    try:
        if "\x00" in text:  # a binary file (a picture, a .xlsx) named .csv
            raise csv.Error("binary content")
        rows = list(_reader(text))
    except csv.Error as exc:  # or a field too long: not a spreadsheet's CSV
        raise ImportInvalid(
            gettext(
                "This file cannot be read as CSV (%(error)s): save it as CSV from the spreadsheet."
            )
            % {"error": exc}
        ) from exc
    if not rows:
        raise ImportInvalid(gettext("The file is empty."))
    header = [HEADERS.get(cell.strip().lower(), "") for cell in rows[0]]
    if "email" not in header:
        raise ImportInvalid(
            gettext("The first line must name the columns: email, language, consent.")
        )
    if len(rows) > MAX_ROWS + 1:
        raise ImportInvalid(gettext("At most %(max)d rows at a time.") % {"max": MAX_ROWS})
    column = {
        name: header.index(name) for name in ("email", "language", "consent") if name in header
    }
    languages = _languages()
    report = ImportReport()
    seen = set()
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(name, cells=cells):
            index = column.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        email = cell("email").lower()
        language = languages.get(cell("language").lower() or settings.LANGUAGE_CODE, "")
        row = Row(line=number, email=email, language=language, outcome=INVALID)
        report.rows.append(row)
        try:
            validate_email(email)
        except ValidationError:
            row.reason = gettext("not a valid email address")
            continue
        if email in seen:
            row.reason = gettext("the same address is on an earlier line")
            continue
        seen.add(email)
        if not language:
            row.reason = gettext("unknown language “%(value)s”") % {"value": cell("language")}
            continue
        kind, when = _consent(cell("consent"))
        if kind == "?":
            row.reason = gettext("consent “%(value)s” is neither a date nor yes/no") % {
                "value": cell("consent")
            }
            continue
        if kind == "no":
            row.outcome, row.reason = NO_CONSENT, gettext("no consent given")
            continue
        row.consent_at = when
        row.outcome = NEW_CONFIRMED if kind == "date" else NEW_PENDING
    _mark_existing(report)
    if not dry_run:
        _write(report)
        report.written = True
    return report


def _mark_existing(report: ImportReport) -> None:
    candidates = report.listed(NEW_CONFIRMED, NEW_PENDING)
    if not candidates:
        return
    known = {}
    emails = [row.email for row in candidates]
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        rows = Subscriber.objects.annotate(lowered=Lower("email")).filter(lowered__in=chunk)
        for email, status in rows.values_list("lowered", "status"):
            known[email] = status
    stopped = {
        Subscriber.Status.UNSUBSCRIBED: gettext("unsubscribed earlier: not subscribed again"),
        Subscriber.Status.BOUNCED: gettext("address bounced earlier: not subscribed again"),
        Subscriber.Status.COMPLAINED: gettext("marked our mail as spam: not subscribed again"),
    }
    suppressed = suppressed_addresses([row.email for row in candidates if row.email not in known])
    for row in candidates:
        status = known.get(row.email)
        if row.email in suppressed:  # their row was deleted (retention or erasure)
            row.outcome, row.reason = LEFT_ALONE, gettext("unsubscribed earlier: left alone")
        elif status in stopped:
            row.outcome, row.reason = LEFT_ALONE, stopped[status]
        elif status is not None:
            row.outcome, row.reason = EXISTING, gettext("already subscribed: left as it is")


def _write(report: ImportReport) -> None:
    now = timezone.now()
    pending_ids = []
    with transaction.atomic():
        for row in report.listed(NEW_CONFIRMED, NEW_PENDING):
            confirmed = row.outcome == NEW_CONFIRMED
            subscriber = Subscriber(
                email=row.email,
                language=row.language,
                source=SOURCE,
                consent_at=row.consent_at or now,
                status=Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING,
                confirmed_at=now if confirmed else None,
                confirmation_sent_at=None if confirmed else now,
            )
            subscriber._change_reason = gettext_noop("Imported from a CSV file")
            try:
                # A savepoint per row: the same file imported twice (a double submission) or
                # a subscription made since the dry run leaves that row as it is.
                with transaction.atomic():
                    subscriber.save()
            except IntegrityError:
                row.outcome, row.reason = EXISTING, gettext("already subscribed: left as it is")
                continue
            if not confirmed:
                pending_ids.append(subscriber.pk)
        for subscriber_id in pending_ids:
            transaction.on_commit(
                lambda subscriber_id=subscriber_id: signals.confirmation_requested.send(
                    sender=Subscriber, subscriber_id=subscriber_id
                )
            )
