"""Public counters from the pool: a project's target counted from the talent pool shows how
many profiles meet its call's requirements (pages show a count under 5 as "fewer than 5")."""

from django.db import transaction

from projects.models import Target
from talent.matching import eligible_profiles_count


def pool_targets_recount() -> int:
    """Set the progress of every target counted from the pool to the number of profiles
    meeting its call's hard requirements; saved only when it changed. Returns how many
    targets changed."""
    changed = 0
    targets = Target.objects.filter(source=Target.Source.POOL, call__isnull=False)
    for target in targets.select_related("call"):
        count = eligible_profiles_count(target.call)
        if target.progress != count:
            with transaction.atomic():
                Target.objects.filter(pk=target.pk).update(progress=count)
            changed += 1
    return changed
