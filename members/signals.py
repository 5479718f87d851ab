"""What the members services announce, so that work is queued without the services knowing
the tasks (members.receivers queues them)."""

from django.dispatch import Signal

# Someone asked for a sign-in link: the link is made and emailed in the background, so the
# request answers the same, in the same time, whatever the address. Arguments: `email`,
# `language`, `next_path`.
sign_in_link_requested = Signal()
