"""What staff do with the pool's personal data, each act in the admin log: a profile read,
a CV downloaded, a search result exported. The messages are stored in English, as codes
(gettext_noop), and read in the staff member's language on the profile's history page."""

from urllib.parse import urlencode

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_noop

from registrations.services.interests import CV_DOWNLOADED
from talent.models import ExpertProfile

PROFILE_VIEWED = gettext_noop("Viewed the expert profile.")
PROFILES_EXPORTED = gettext_noop("Exported talent-pool search results to CSV.")


def _log(*, user, profile: ExpertProfile, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[profile],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def profile_view_log(*, profile: ExpertProfile, user) -> None:
    """Record that `user` read `profile` (every opening of its page)."""
    _log(user=user, profile=profile, message=PROFILE_VIEWED)


def profile_cv_open(*, profile: ExpertProfile, user) -> File:
    """The profile's CV opened for `user` to download, the download logged in its history
    (who may download is the caller's to check)."""
    _log(user=user, profile=profile, message=CV_DOWNLOADED)
    return profile.cv.open("rb")


def profile_staff_delete(*, profile: ExpertProfile) -> None:
    """Delete a profile at a staff member's hand (a member's request by letter, say): its
    rows in one transaction, its CV file once that is committed (a rollback keeps both)."""
    with transaction.atomic():
        if profile.cv:
            name, storage = profile.cv.name, profile.cv.storage
            transaction.on_commit(lambda: storage.delete(name))
        profile.delete()


def profiles_export_log(*, user, filters: dict[str, str], rows: int) -> LogEntry:
    """One admin-log entry per export: who, when (the entry's time), the search's filters
    and the number of rows. It names no profile: it is the pool's, not one member's."""
    description = f"CSV export: {rows} rows"
    if filters:
        description += f"; {urlencode(sorted(filters.items()))}"
    with transaction.atomic():
        return LogEntry.objects.create(
            user_id=user.pk,
            content_type=ContentType.objects.get_for_model(ExpertProfile),
            object_id=None,
            object_repr=description[:200],
            action_flag=CHANGE,
            change_message=PROFILES_EXPORTED,
        )
