from portal.core.history import track_history
from registrations.models.event_registration import Registration, RegistrationQuerySet
from registrations.models.interest import (
    Application,
    Interest,
    InterestStatus,
    Note,
    ReviewStatus,
)
from registrations.models.review import (
    SCORE_LABELS,
    SCORE_MAX,
    SCORE_MIN,
    ReviewAssignment,
    ReviewScore,
)
from registrations.models.session_message import (
    AUDIENCE_STATUSES,
    SessionMessage,
    SessionMessageDelivery,
)
from registrations.models.status import (
    SUBMISSION_MODELS,
    StatusChange,
    StatusMessage,
    next_steps_text,
    status_histories,
)

__all__ = [
    "AUDIENCE_STATUSES",
    "SCORE_LABELS",
    "SCORE_MAX",
    "SCORE_MIN",
    "SUBMISSION_MODELS",
    "Application",
    "Interest",
    "InterestStatus",
    "Note",
    "Registration",
    "RegistrationQuerySet",
    "ReviewAssignment",
    "ReviewScore",
    "ReviewStatus",
    "SessionMessage",
    "SessionMessageDelivery",
    "StatusChange",
    "StatusMessage",
    "next_steps_text",
    "status_histories",
]

# Who changed what and when, for staff; pruned and erased with the data (portal/core/privacy.py).
# Not the secret of the personal link (a history would keep it past erasure), nor when it
# was last resent. (StatusMessage, translated, is tracked in translation.py.)
track_history(Registration, excluded_fields=["token", "link_sent_at"])
track_history(Application)
track_history(Interest)
track_history(ReviewAssignment)
track_history(ReviewScore)
