from django_tasks import task

from newsletter import services


@task()
def request_subscription(*, email: str, language: str, source: str, privacy_version: str) -> None:
    services.subscription_request(
        email=email, language=language, source=source, privacy_version=privacy_version
    )


@task()
def send_manage_link(*, email: str) -> None:
    services.manage_link_send(email=email)


@task()
def send_confirmation_email(*, subscriber_id: int) -> None:
    services.confirmation_send(subscriber_id=subscriber_id)


@task()
def send_issue_deliveries(*, issue_id: int) -> dict[str, int]:
    return services.deliveries_send(issue_id=issue_id)


@task()
def resume_interrupted_sending() -> int:
    """Periodic: pick up sends whose worker died, and retries that are due."""
    return services.deliveries_recover()


@task()
def start_scheduled_sends() -> int:
    """Periodic: start the issues whose scheduled sending time has come."""
    return services.scheduled_sends_start()
