"""Signals sent by the dialogue's services, from `transaction.on_commit` (receivers.py)."""

from django.dispatch import Signal

# Moderation (services/moderation.py), once the decision has committed; the receivers queue
# the email to the asker. Argument: `question_id`.
question_rejected = Signal()
# Argument: `question_id` (the question answered; its merged duplicates' askers hear too).
question_answered = Signal()
# Argument: `question_id` (the duplicate, now merged into `merged_into`).
question_merged = Signal()

# question_id: an anonymous asker is to be sent the link confirming their question (asking).
confirmation_requested = Signal()
