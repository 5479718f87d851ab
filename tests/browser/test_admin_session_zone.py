"""A Brussels office enters a session held in Niamey on Niamey's clock, and reads it back
with the city and the abbreviation."""

from datetime import UTC, datetime

import pytest

from tests.browser.test_editorial import log_in
from tests.events.factories import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "width"), [("en", 1366), ("fr", 390)])
def test_session_times_read_on_the_sessions_clock(
    page, live_server, editor, settings, language, width, tmp_path
):
    settings.TIME_ZONE = "Europe/Brussels"
    session = SessionFactory(
        time_zone="Africa/Niamey",
        starts_at=datetime(2027, 6, 10, 17, 0, tzinfo=UTC),
        ends_at=datetime(2027, 6, 10, 19, 0, tzinfo=UTC),
        city_en="Niamey",
        city_fr="Niamey",
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, editor)
    page.goto(f"/admin/events/event/{session.event.pk}/change/")
    assert page.input_value("#id_sessions-0-starts_at_1") == "18:00:00"  # not 19:00 Brussels
    assert (
        page.locator("#id_sessions-0-time_zone option:checked").inner_text()
        == {
            "en": "Niamey time",
            "fr": "heure de Niamey",
        }[language]
    )
    help_text = page.locator(".field-starts_at .help").first.inner_text()
    assert {"en": "18:00 Niamey time (WAT)", "fr": "18\u00a0h\u00a000, heure de Niamey (WAT)"}[
        language
    ] in help_text
    page.locator("#sessions-0").screenshot(path=tmp_path / f"session-{language}-{width}.png")
