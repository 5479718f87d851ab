"""The languages an event is held in and the time zone of a session: choices and checks."""

from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Languages an event can be held in: the site's own (settings.LANGUAGES), and those the
# diaspora audiences speak.
OTHER_SPOKEN_LANGUAGES = [
    ("nl", _("Dutch")),
    ("de", _("German")),
    ("ar", _("Arabic")),
    ("pt", _("Portuguese")),
    ("rw", _("Kinyarwanda")),
    ("sw", _("Swahili")),
]
SPOKEN_LANGUAGES = [
    *settings.LANGUAGES,
    *(
        (code, name)
        for code, name in OTHER_SPOKEN_LANGUAGES
        if code not in dict(settings.LANGUAGES)
    ),
]


def validate_spoken_languages(value: str) -> None:
    known = {code for code, _label in SPOKEN_LANGUAGES}
    unknown = [code for code in split_codes(value) if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s."), params={"codes": ", ".join(unknown)}
        )


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Brussels."),
            params={"value": value},
        )


def split_codes(value: str) -> list[str]:
    return [code.strip() for code in (value or "").split(",") if code.strip()]


def default_time_zone() -> str:
    return settings.TIME_ZONE
