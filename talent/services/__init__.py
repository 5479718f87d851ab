"""The talent pool's writes and rules (see each module)."""

from talent.services.profiles import (
    ProfileData,
    profile_confirm,
    profile_delete,
    profile_for,
    profile_pause,
    profile_resume,
    profile_save,
    profile_search_text,
    profile_search_text_save,
)
from talent.services.reminders import reminders_send

__all__ = [
    "ProfileData",
    "profile_confirm",
    "profile_delete",
    "profile_for",
    "profile_pause",
    "profile_resume",
    "profile_save",
    "profile_search_text",
    "profile_search_text_save",
    "reminders_send",
]
