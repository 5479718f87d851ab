"""What the registrations services announce, so that work is queued without the services
knowing the tasks (tasks import services, never the reverse).

`registrations.receivers` listens and queues the tasks. Signals about work that must wait
for the data are sent from `transaction.on_commit`, so a receiver never queues work about a
row that a rollback undid.
"""

from django.dispatch import Signal

# An email about a registration is due, once its transaction has committed. Arguments:
# `registration_id`, and `kind` (one of registrations.emails' message kinds).
registration_email_due = Signal()

# Someone asked for a place through the public form: the registration is made in the
# background, so the form answers the same whatever the address (no transaction: the
# request writes nothing). Arguments: `session_id`, `email`, and `details` (a dict of the
# form's other fields, as registration_create takes them).
registration_requested = Signal()

# An application or an interest was received, once its transaction has committed: it is
# acknowledged and the programme officer told. Arguments: `model` (the model's
# "app_label.model_name") and `pk`.
submission_received = Signal()

# Staff changed the status of applications or interests, once the transaction has
# committed, and the new status has a message that tells the person: they are emailed.
# Arguments: `model` ("app_label.model_name"), `pks` (the records that changed) and `status`.
submission_status_changed = Signal()

# A message to a session's people is to be sent (once its transaction has committed, or
# from `run_after` on for a retry). Arguments: `message_id`, `run_after` (or None).
session_message_sending_requested = Signal()
