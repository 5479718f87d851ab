"""The dialogue's background work, queued by dialogue/receivers.py: thin, the rules are in
the services."""

from django_tasks import task

from dialogue.services import asking


@task()
def send_confirmation_email(*, question_id: int) -> None:
    asking.confirmation_send(question_id=question_id)
