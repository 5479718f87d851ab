"""The call's application form filled in from an invited member's profile: the values, and
their CV copied into the form's kept-CV mechanism (registrations/kept_cv.py) so that they
need not choose it again: one copy per invitation, made when the member-only form page is
shown (talent/views/invitation.py), removed with the invitation or its profile."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet

from portal.core.private_files import KEPT_CV_FOLDER
from portal.core.uploads import private_storage
from registrations.forms import ApplicationForm
from registrations.kept_cv import KEPT_CV_SALT, kept_total_bytes
from talent.models import Invitation, ProfileCountry


def _initial(invitation: Invitation) -> dict:
    profile, call = invitation.profile, invitation.call
    countries = {kind: [] for kind in ProfileCountry.Kind.values}
    for row in profile.countries.all():
        countries[row.kind].append(str(row.country))
    sectors = [sector.pk for sector in profile.sectors.all()]
    wanted = [pk for pk in call.match_sectors.values_list("pk", flat=True) if pk in sectors]
    initial = {
        "name": profile.name,
        "email": profile.email,
        "phone": "",
        "country_of_origin": next(iter(countries[ProfileCountry.Kind.ORIGIN]), ""),
        "country_of_residence": next(iter(countries[ProfileCountry.Kind.RESIDENCE]), ""),
        "profession": profile.profession,
        "sector": (wanted or sectors or [None])[0],
        "years_of_experience": profile.years_of_experience,
        "qualification": profile.qualification,
        "available_from": profile.available_from,
        "availability": profile.mission_length,
        "language": invitation.language,
    }
    initial.update(ApplicationForm.language_initial(profile.spoken()))
    return initial


def _kept_prefix(invitation_pk: int) -> str:
    return f"invitation-{invitation_pk}"


def _keep_profile_cv(invitation: Invitation) -> dict | None:
    """The profile's CV copied once per invitation, under `kept-cv/invitation-<pk>.<ext>`
    (reused while it is there: the sweep removes it after KEPT_CV_MAX_AGE_HOURS, the
    saved application at once), or None without a CV, or once kept files fill their quota."""
    cv = invitation.profile.cv
    if not cv:
        return None
    storage = private_storage()
    extension = PurePath(cv.name).suffix.lstrip(".").lower() or "pdf"
    name = f"{KEPT_CV_FOLDER}/{_kept_prefix(invitation.pk)}.{extension}"
    kept = {"stored": name, "name": f"cv.{extension}"}
    if storage.exists(name):
        if storage.get_modified_time(name) >= invitation.profile.updated_at:
            return kept
        storage.delete(name)  # the member changed their profile (perhaps its CV) since
    try:
        if kept_total_bytes(storage) + cv.size > settings.KEPT_CV_MAX_TOTAL_BYTES:
            return None
        with cv.open("rb") as source:
            kept["stored"] = storage.save(name, source)
    except FileNotFoundError:
        return None  # the file went missing: the member chooses it again
    return kept


def invitations_kept_cv_discard(*, invitations: QuerySet) -> None:
    """Remove the CV copies kept for these invitations (after the commit), whatever their
    extension and with the suffix storage adds when two requests raced to the same name:
    for the privacy registry, before the invitations go (erasure, profile deletion,
    retention)."""
    prefixes = tuple(
        (f"{_kept_prefix(pk)}.", f"{_kept_prefix(pk)}_")
        for pk in invitations.values_list("pk", flat=True)
    )
    if not prefixes:
        return
    flat = tuple(prefix for pair in prefixes for prefix in pair)

    def discard() -> None:
        storage = private_storage()
        try:
            _directories, files = storage.listdir(KEPT_CV_FOLDER)
        except FileNotFoundError:
            return
        for file_name in files:
            if file_name.startswith(flat):
                storage.delete(f"{KEPT_CV_FOLDER}/{file_name}")

    transaction.on_commit(discard)


def profiles_kept_cv_discard(profiles: QuerySet) -> None:
    """The same for every invitation of these profiles (their deletion takes them)."""
    invitations_kept_cv_discard(invitations=Invitation.objects.filter(profile__in=profiles))


def invitation_kept_cv_discard(invitations: QuerySet) -> None:
    """The privacy registry's `before_remove` of invitations."""
    invitations_kept_cv_discard(invitations=invitations)


def prefilled_application_form(invitation: Invitation) -> ApplicationForm:
    """An unbound application form for the invitation's call, prefilled from the profile,
    with the profile's CV kept (its signed name in the hidden `kept_cv` field)."""
    initial = _initial(invitation)
    initial["submission_key"] = uuid.uuid4()
    form = ApplicationForm(initial=initial, call=invitation.call)
    kept = _keep_profile_cv(invitation)
    if kept:
        form.kept = kept
        form.fields["kept_cv"].initial = signing.dumps(kept, salt=KEPT_CV_SALT)
        form._show_kept_cv()  # the field says the CV is kept, and is no longer required
    return form
