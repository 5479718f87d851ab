"""The newsletter in the admin: issues and their send page, articles, subscribers (with the
CSV import) and deliveries."""

from newsletter.admin import issues, subscribers

__all__ = ["issues", "subscribers"]
