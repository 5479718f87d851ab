import math
from datetime import datetime

from django.utils import timezone


class TooManyAttempts(Exception):
    """Wrong codes were entered too quickly: django-otp makes the next try wait (1, 2, 4, ...
    seconds). Raised instead of checking a code, so a right code is not wasted."""

    def __init__(self, locked_until: datetime | None):
        super().__init__(locked_until)
        self.locked_until = locked_until

    @property
    def seconds(self) -> int:
        if self.locked_until is None:
            return 1
        return max(1, math.ceil((self.locked_until - timezone.now()).total_seconds()))
