"""Staff side of registrations, one module per concept; importing them registers the
admins (Django's autodiscovery imports this package)."""

from registrations.admin import (  # noqa: F401
    applications,
    events,
    interests,
    messages,
    registrations,
    status_messages,
)
