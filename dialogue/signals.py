"""Signals sent by the dialogue's services, from `transaction.on_commit` (receivers.py)."""

from django.dispatch import Signal

# question_id: an anonymous asker is to be sent the link confirming their question (asking).
confirmation_requested = Signal()
