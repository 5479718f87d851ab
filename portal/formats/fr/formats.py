"""French date and time formats where Django's differ from French usage: the clock is
written "17 h 00" (with no-break spaces), not "17:00". Django's own formats apply for
everything not set here (and for any language without a module in `portal.formats`)."""

TIME_FORMAT = "G\u00a0\\h\u00a0i"
DATETIME_FORMAT = "j F Y, G\u00a0\\h\u00a0i"
SHORT_DATETIME_FORMAT = "d/m/Y G\u00a0\\h\u00a0i"
