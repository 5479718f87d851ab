"""The call's application form filled in from an invited member's profile: the values, and
their CV copied into the form's kept-CV mechanism (registrations/kept_cv.py) so that they
need not choose it again."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core import signing

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


def _keep_profile_cv(invitation: Invitation, key: uuid.UUID) -> dict | None:
    """A copy of the profile's CV under `kept-cv/<key>.<ext>` (what the form keeps after a
    failed submit), or None without a CV, or once kept files fill their quota."""
    cv = invitation.profile.cv
    if not cv:
        return None
    storage = private_storage()
    try:
        size = cv.size
        if kept_total_bytes(storage) + size > settings.KEPT_CV_MAX_TOTAL_BYTES:
            return None
        extension = PurePath(cv.name).suffix.lstrip(".").lower() or "pdf"
        with cv.open("rb") as source:
            stored = storage.save(f"{KEPT_CV_FOLDER}/{key.hex}.{extension}", source)
    except FileNotFoundError:
        return None  # the file went missing: the member chooses it again
    return {"stored": stored, "name": f"cv.{extension}"}


def prefilled_application_form(invitation: Invitation) -> ApplicationForm:
    """An unbound application form for the invitation's call, prefilled from the profile,
    with the profile's CV kept (its signed name in the hidden `kept_cv` field)."""
    key = uuid.uuid4()
    initial = _initial(invitation)
    initial["submission_key"] = key
    form = ApplicationForm(initial=initial, call=invitation.call)
    kept = _keep_profile_cv(invitation, key)
    if kept:
        form.kept = kept
        form.fields["kept_cv"].initial = signing.dumps(kept, salt=KEPT_CV_SALT)
        form._show_kept_cv()  # the field says the CV is kept, and is no longer required
    return form
