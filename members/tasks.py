from django_tasks import task

from members import services


@task()
def send_sign_in_link(*, email: str, language: str, next_path: str) -> None:
    """Make and email a sign-in link (services.sign_in_link_send): in a worker, so the page
    that asked answers at once and the same for every address."""
    services.sign_in_link_send(email=email, language=language, next_path=next_path)
