"""The talent pool in the admin, for programme officers only (editors see none of it):
profiles to read (their list is the search page), their CVs, the search's CSV export, and the
invitations with the pages that match a call to the pool."""

from talent.admin import invitations, profiles  # noqa: F401  (register the model admins)
