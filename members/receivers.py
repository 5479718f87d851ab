"""Receivers of the members app (connected in MembersConfig.ready())."""

from django.dispatch import receiver

from members import tasks
from members.signals import sign_in_link_requested
from portal.core import background


@receiver(sign_in_link_requested)
def queue_sign_in_link(sender, *, email, language, next_path, **kwargs):
    background.enqueue(tasks.send_sign_in_link, email=email, language=language, next_path=next_path)
