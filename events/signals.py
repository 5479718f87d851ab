"""What the events side tells others about, without knowing who listens (registrations does).

They are sent by events.services inside its transaction; receivers defer their emails with
`transaction.on_commit`.
"""

from django.dispatch import Signal

# A session's date or place changed, or its date was set. Arguments: `session`, and
# `was_to_be_determined` (True when the session had no date before).
session_rescheduled = Signal()

# A session's capacity grew (or became unlimited). Argument: `session`.
session_capacity_raised = Signal()

# A session was cancelled (its registrations must be cancelled and the people told).
# Argument: `session`.
session_cancelled = Signal()

# An event was cancelled. Argument: `event`.
event_cancelled = Signal()
