"""The consents a member has given, found through the privacy registry: every registered
row held under the address that records one (`consent_at`), whatever app it belongs to.
Each is withdrawn through its app's own service (the entry's `revoke`)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.http import Http404
from django.utils.text import capfirst

from portal.core import privacy
from portal.core.privacy import PersonalData

CONSENT_FIELD = "consent_at"


@dataclass(frozen=True)
class Consent:
    label: str  # the registry entry's model label, e.g. "newsletter.subscriber"
    pk: int
    kind: str  # what it is: "Subscriber", "Event registration"...
    description: str
    given_at: datetime
    privacy_version: str
    revoke_label: str
    can_revoke: bool


def _records_consent(entry: PersonalData) -> bool:
    names = {f.name for f in entry.model._meta.concrete_fields}
    return CONSENT_FIELD in names


def _related_paths(model: type[models.Model], depth: int = 2) -> list[str]:
    """Forward foreign keys, `depth` deep: what a row's str() usually reads (a registration
    names its session, which names its event), fetched in the same query."""
    paths = []
    for field in model._meta.concrete_fields:
        if field.many_to_one or field.one_to_one:
            paths.append(field.name)
            if depth > 1:
                paths += [f"{field.name}__{p}" for p in _related_paths(field.related_model, 1)]
    return paths


def _consent(entry: PersonalData, obj: models.Model, email: str) -> Consent:
    description = str(obj)
    if description.strip().lower() == email:
        description = ""  # a subscriber is its address: already at the top of the page
    return Consent(
        label=entry.label,
        pk=obj.pk,
        kind=capfirst(entry.model._meta.verbose_name),
        description=description,
        given_at=obj.consent_at,
        privacy_version=getattr(obj, "privacy_version", ""),
        revoke_label=str(entry.revoke_label),
        can_revoke=entry.can_revoke(obj),
    )


def consents_for(email: str) -> list[Consent]:
    """Every consent held under `email`, newest first; one query per kind of record."""
    found = []
    for entry in privacy.registry().values():
        if not _records_consent(entry):
            continue
        rows = entry.for_email(email).filter(consent_at__isnull=False)
        for obj in rows.select_related(*_related_paths(entry.model)):
            found.append(_consent(entry, obj, email))
    return sorted(found, key=lambda consent: consent.given_at, reverse=True)


def consent_of(email: str, label: str, pk: int) -> tuple[PersonalData, models.Model]:
    """The registry entry and the row, if it is the member's and records a consent; 404
    otherwise (the same whether the row does not exist or is someone else's)."""
    entry = privacy.registry().get(label)
    if entry is None or not _records_consent(entry):
        raise Http404
    obj = entry.for_email(email).filter(pk=pk, consent_at__isnull=False).first()
    if obj is None:
        raise Http404
    return entry, obj
