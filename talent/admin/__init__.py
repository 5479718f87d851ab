"""The talent pool in the admin, for programme officers: profiles to read (their list is the
search page), their CVs, the search's CSV export, and the invitations sent."""

from talent.admin import profiles  # noqa: F401  (registers the model admins)
