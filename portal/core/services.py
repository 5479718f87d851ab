"""Writes and rules of the site-wide building blocks: personal-data requests.

The admin ("Export or erase personal data") and `manage.py personal_data` both call these,
so neither can skip the log nor a part of the erasure (portal/core/privacy.py does the
work), and both give the same export document.
"""

import json
import logging
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from portal.core import privacy
from portal.core.models import PersonalDataRequest

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure removed: the registered records, and their traces elsewhere (history,
    admin log, task results, login logs); {model label: count} each."""

    records: dict[str, int] = field(default_factory=dict)
    traces: dict[str, int] = field(default_factory=dict)

    @property
    def total_records(self) -> int:
        return sum(self.records.values())


def _log(*, action: str, email: str, requested_by, reason: str, counts: dict) -> None:
    PersonalDataRequest.objects.create(
        action=action,
        email_hash=privacy.email_hmac(email),
        requested_by=requested_by,
        reason=reason,
        counts=counts,
    )


def personal_data_export(*, email: str, requested_by=None, reason: str = "") -> dict:
    """Everything held about `email` (see privacy.export_for_email); the request is logged
    with a keyed hash of the address."""
    data = privacy.export_for_email(email)
    counts = {label: len(rows) for label, rows in data["records"].items()}
    _log(
        action=PersonalDataRequest.Action.EXPORT,
        email=email,
        requested_by=requested_by,
        reason=reason,
        counts=counts,
    )
    return data


def personal_data_export_json(*, email: str, requested_by=None, reason: str = "") -> str:
    """The export (personal_data_export, logged) as one JSON document: what staff download
    from the admin and what `manage.py personal_data export` prints, alike."""
    data = personal_data_export(email=email, requested_by=requested_by, reason=reason)
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def personal_data_erase(*, email: str, requested_by=None, reason: str = "") -> ErasureReport:
    """Erase everything about `email`: active event registrations are cancelled through the
    registrations service (their places go to the waiting list), then every registered row
    is deleted or anonymised, and its traces are scrubbed. One transaction, logged."""
    with transaction.atomic():
        counts = privacy.erase_for_email(email)
        registered = privacy.registry()
        report = ErasureReport(
            records={k: v for k, v in counts.items() if k in registered},
            traces={k: v for k, v in counts.items() if k not in registered},
        )
        _log(
            action=PersonalDataRequest.Action.ERASE,
            email=email,
            requested_by=requested_by,
            reason=reason,
            counts=counts,
        )
    return report
