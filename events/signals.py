"""What the events side tells others about, without knowing who listens (registrations does).

Both are sent inside the admin's transaction; receivers defer their work with
`transaction.on_commit`.
"""

from django.dispatch import Signal

# A session's date or place changed, or its date was set. Arguments: `session`, and
# `was_to_be_determined` (True when the session had no date before).
session_rescheduled = Signal()

# An event was cancelled. Argument: `event`.
event_cancelled = Signal()
