"""The talent pool in the admin: programme officers only (editors see none of it)."""

from talent.admin import invitations  # noqa: F401  (registers the Invitation admin)
