"""Loaded by modeltranslation at start-up: the alerts have no translated field, only the
history that every personal-data model keeps (portal/core/history.py)."""

from alerts.models import AlertSubscription
from portal.core.history import track_history

# Not the secret behind the stop links (a history would keep every one).
track_history(AlertSubscription, excluded_fields=["token"])
