"""The alerts app's domain signals: work a service asks for once its transaction commits
(`alerts.receivers` queues the task; services never import tasks)."""

from django.dispatch import Signal

# run_after (None for now): alert deliveries are due to be sent.
sending_requested = Signal()
