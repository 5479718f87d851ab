"""What the talent services announce, so that work is queued without the services knowing
the tasks (talent.receivers listens and queues them; tasks import services, never the
reverse). Sent from `transaction.on_commit`."""

from django.dispatch import Signal

# Invitations to apply to a call are to be sent (after the commit, or from `run_after` on
# for a retry). Arguments: `call_id`, `run_after` (or None).
invitations_sending_requested = Signal()
