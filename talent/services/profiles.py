"""A member's expert profile: saving it (with the consent they give), pausing, resuming,
confirming ("still interested") and deleting it.

`search_text` is what the staff search reads for full text (talent/search/), and on
PostgreSQL its vector `search_vector`: `profile_search_text_save(profile)` keeps both, and
every service that changes what they are made of (the profession, the summaries, the
skills, the sectors) calls it."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from portal.core import privacy
from portal.core.private_files import kept_only_if_referenced
from portal.core.search import fold
from projects.models import Sector, Skill
from talent.models import ExpertProfile, ProfileCountry, ProfileLanguage, ProfileSummary
from talent.search import text_vector


@dataclass
class ProfileData:
    """What the member tells about themselves (the form's cleaned data, as the service
    takes it)."""

    name: str
    profession: str
    years_of_experience: int
    qualification: str
    mission_length: str
    work_mode: str = ExpertProfile.WorkMode.EITHER
    available_from: date | None = None
    origins: list[str] = field(default_factory=list)  # ISO country codes
    residences: list[str] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    languages: list[dict] = field(default_factory=list)  # {"language": ..., "level": ...}
    summaries: dict[str, str] = field(default_factory=dict)  # {site language: text}


def _names(obj, attribute: str = "name") -> list[str]:
    """The object's translated `attribute` in every site language (the ones filled in)."""
    names = []
    for code, _name in settings.LANGUAGES:
        value = getattr(obj, build_localized_fieldname(attribute, code), "") or ""
        if value and value not in names:
            names.append(value)
    return names


def profile_search_text(profile: ExpertProfile) -> str:
    """The folded (lower case, accents removed) text that full-text search reads: the
    profession, every summary, and each skill's and sector's name in every site language,
    one per line. Reads the profile's rows as saved (call it after saving them)."""
    parts = [profile.profession]
    parts += [summary.text for summary in profile.summaries.all()]
    for skill in profile.skills.all():
        parts += _names(skill)
    for sector in profile.sectors.all():
        parts += _names(sector)
    return fold("\n".join(part.strip() for part in parts if part and part.strip()))


def profile_search_text_save(profile: ExpertProfile) -> None:
    """Recompute and store the profile's `search_text` and, on PostgreSQL, its
    `search_vector` (the same text in every site language's configuration)."""
    profile.search_text = profile_search_text(profile)
    update = {"search_text": profile.search_text}
    if connection.vendor == "postgresql":
        update["search_vector"] = text_vector(Value(profile.search_text))
    ExpertProfile.objects.filter(pk=profile.pk).update(**update)
    if "search_vector" in update:  # as stored, so that a later save() keeps it
        profile.refresh_from_db(fields=["search_vector"])


def profile_for(*, email: str) -> ExpertProfile | None:
    return ExpertProfile.objects.filter(email=email.strip().lower()).first()


def profile_save(
    *,
    email: str,
    language: str,
    data: ProfileData,
    privacy_version: str,
    consented: bool = True,
    cv: File | None = None,
    remove_cv: bool = False,
) -> ExpertProfile:
    """Create or replace the member's profile under `email`, with its countries,
    languages, summaries, sectors and skills, all at once or not at all.

    With `consented` (the form asks on creation, and again when the privacy notice has
    changed), the time and the privacy notice's version are recorded; without it, an
    existing profile keeps the consent it has (a new one cannot be saved without). Saving
    counts as an answer to the yearly "still interested?"
    (retention runs from `confirmed_at`). A new `cv` (checked by the form) replaces the
    stored one; `remove_cv` removes it. The old file goes after the commit; a new file
    written by a save that fails is removed (no orphan)."""
    email = email.strip().lower()
    try:
        return _save(email, language, data, privacy_version, consented, cv, remove_cv)
    except IntegrityError:
        # Two first saves at once (a double click): the other created the row; update it.
        if not ExpertProfile.objects.filter(email=email).exists():
            raise
        return _save(email, language, data, privacy_version, consented, cv, remove_cv)


def _locked_profile(email: str) -> ExpertProfile | None:
    return ExpertProfile.objects.select_for_update().filter(email=email).first()


def _save(email, language, data, privacy_version, consented, cv, remove_cv) -> ExpertProfile:
    now = timezone.now()
    with kept_only_if_referenced(), transaction.atomic():
        profile = _locked_profile(email)
        if profile is None:
            profile = ExpertProfile(email=email)
        old_cv = profile.cv.name if profile.cv else ""
        profile.language = language
        for name in (
            "name", "profession", "years_of_experience", "qualification", "mission_length",
            "work_mode", "available_from",
        ):  # fmt: skip
            setattr(profile, name, getattr(data, name))
        if not consented and profile.pk is None:
            raise ValueError("A new profile is saved only with the member's consent.")
        if consented:
            profile.consent_at = now
            profile.privacy_version = privacy_version
        profile.confirmed_at = now
        profile.reminder_sent_at = None
        if cv is not None:
            cv.seek(0)
            profile.cv.save(cv.name, cv, save=False)
        elif remove_cv:
            profile.cv = ""
        # The address's uniqueness is the database's to enforce (see profile_save).
        profile.full_clean(exclude=["cv", "sectors", "skills"], validate_unique=False)
        profile.save()
        _replace_rows(profile, data)
        profile_search_text_save(profile)
        new_cv = profile.cv.name if profile.cv else ""
        if old_cv and old_cv != new_cv:
            storage = profile.cv.storage
            transaction.on_commit(lambda: storage.delete(old_cv))
    return profile


def _replace_rows(profile: ExpertProfile, data: ProfileData) -> None:
    profile.countries.all().delete()
    ProfileCountry.objects.bulk_create(
        [ProfileCountry(profile=profile, kind=ProfileCountry.Kind.ORIGIN, country=code)
         for code in dict.fromkeys(data.origins)]
        + [ProfileCountry(profile=profile, kind=ProfileCountry.Kind.RESIDENCE, country=code)
           for code in dict.fromkeys(data.residences)]
    )  # fmt: skip
    profile.languages.all().delete()
    ProfileLanguage.objects.bulk_create(
        [ProfileLanguage(profile=profile, language=row["language"], level=row["level"])
         for row in data.languages]
    )  # fmt: skip
    profile.summaries.all().delete()
    known = {code for code, _name in settings.LANGUAGES}
    ProfileSummary.objects.bulk_create(
        [ProfileSummary(profile=profile, language=code, text=text.strip())
         for code, text in data.summaries.items() if code in known and text.strip()]
    )  # fmt: skip
    profile.sectors.set(data.sectors)
    profile.skills.set(data.skills)


def profile_pause(*, profile: ExpertProfile, until: date) -> ExpertProfile:
    """Not available until `until` (the form checks it is in the future, at most two years
    ahead): the profile is not proposed for calls until then."""
    ExpertProfile.objects.filter(pk=profile.pk).update(
        paused_until=until, updated_at=timezone.now()
    )
    profile.refresh_from_db()
    return profile


def profile_resume(*, profile: ExpertProfile) -> ExpertProfile:
    ExpertProfile.objects.filter(pk=profile.pk).update(paused_until=None, updated_at=timezone.now())
    profile.refresh_from_db()
    return profile


def profile_confirm(*, profile: ExpertProfile) -> ExpertProfile:
    """The member's "yes, keep it": retention runs again from now, and the next yearly
    question comes a year later. Every confirmation link sent before dies (talent/tokens.py
    signs `confirmed_at`)."""
    ExpertProfile.objects.filter(pk=profile.pk).update(
        confirmed_at=timezone.now(), reminder_sent_at=None
    )
    profile.refresh_from_db()
    return profile


def profile_delete(*, profile: ExpertProfile) -> None:
    """Delete the profile for good, through the privacy registry's removal: its
    invitations, countries, languages, summaries, its history and its CV file (after the
    commit)."""
    entries = privacy.registry()
    with transaction.atomic():
        for label in ("talent.invitation", "talent.expertprofile"):
            entry = entries[label]
            if label == "talent.invitation":
                queryset = entry.model._default_manager.filter(profile=profile)
            else:
                queryset = entry.model._default_manager.filter(pk=profile.pk)
            entry.remove(queryset)
