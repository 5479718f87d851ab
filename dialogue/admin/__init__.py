"""Staff side of the dialogue, one module per concept; importing them registers the admins
(Django's autodiscovery imports this package)."""

from dialogue.admin import blocklist, moderation  # noqa: F401
