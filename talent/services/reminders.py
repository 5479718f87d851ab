"""The yearly "still interested?" email.

A profile is asked once its last confirmation is older than
settings.TALENT_CONFIRM_EVERY_DAYS, and only once (`reminder_sent_at`) until the member
confirms it again. Retention (talent/privacy.py) removes a profile unconfirmed for
PERSONAL_DATA_RETENTION_DAYS["expert_profiles"] days only once the question has been out
for the difference (the time to answer): a profile whose email could not go is kept until
it goes, for at most `UNSENT_GRACE_DAYS` more days."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from talent.emails import still_interested_message
from talent.models import ExpertProfile

logger = logging.getLogger(__name__)

BATCH = 200


def reminders_due(now=None):
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TALENT_CONFIRM_EVERY_DAYS)
    return ExpertProfile.objects.filter(confirmed_at__lt=cutoff, reminder_sent_at__isnull=True)


def reminders_send(*, now=None) -> dict[str, int]:
    """Send the question to every profile that is due; {"sent": n, "failed": n}.

    Each profile is claimed by one conditional UPDATE before its email goes: two workers
    running at once never email the same member twice. A failed email gives the claim back
    (the next run tries again) and never touches the profile itself."""
    now = now or timezone.now()
    sent = failed = 0
    for pk in list(
        reminders_due(now).order_by("confirmed_at").values_list("pk", flat=True)[:BATCH]
    ):
        with transaction.atomic():
            claimed = ExpertProfile.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
        if not claimed:
            continue  # another worker has it, or the member confirmed meanwhile
        profile = ExpertProfile.objects.get(pk=pk)
        try:
            still_interested_message(profile).send()
        except Exception:
            logger.exception("“Still interested?” email to profile %s failed", pk)
            ExpertProfile.objects.filter(pk=pk, reminder_sent_at=now).update(reminder_sent_at=None)
            failed += 1
        else:
            sent += 1
    if sent or failed:
        logger.info("talent reminders: %d sent, %d failed", sent, failed)
    return {"sent": sent, "failed": failed}
