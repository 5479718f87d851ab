"""What the base layer announces, without knowing who listens (receivers: receivers.py in
the base layer and in the apps)."""

from django.dispatch import Signal

# Sent for each item whose scheduled time has come, by the periodic task (once per item
# for status-based models; boolean models are announced on every run that finds them due
# within the last interval, so receivers must be idempotent, e.g. cache invalidation).
# Arguments: `sender` (the model) and `instance`.
content_published = Signal()
