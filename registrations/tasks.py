from django_tasks import task

from registrations import services
from registrations.emails import registration_message
from registrations.models import Registration


@task()
def send_registration_email(*, registration_id: int, kind: str) -> None:
    registration = Registration.objects.select_related("session__event", "session__country").get(
        pk=registration_id
    )
    registration_message(registration, kind).send()


@task()
def expire_offers() -> int:
    """Periodic: offers of a free place not claimed in time go to the next person."""
    return services.offers_expire()


@task()
def send_reminders() -> int:
    """Periodic: reminders before each session, once per person."""
    return services.reminders_send()
