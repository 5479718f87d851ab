"""The newsletter's domain signals: work a service asks for once its transaction commits.

Services send them (and so never import the tasks); `newsletter.receivers` queues the task
that does the work. Each is sent with `sender` the model concerned and keyword arguments
only.
"""

from django.dispatch import Signal

# email, language, source, privacy_version: someone filled in the subscription form.
subscription_requested = Signal()
# subscriber_id: a pending subscriber is to be sent the confirmation email.
confirmation_requested = Signal()
# email: someone asked for a new link to manage a subscription.
manage_link_requested = Signal()
# issue_id, run_after (None for now): an issue has deliveries to send.
sending_requested = Signal()
