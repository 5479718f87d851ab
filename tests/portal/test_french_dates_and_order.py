"""French dates, times, time zones and alphabetical order: "1er mars 2027 à 17 h 00 (heure de
Bruxelles)", zones named by their place, Bénin before Burkina Faso on every database, and the
French admin's own wording."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

# Time zones are places, clock times French.


def test_a_time_zone_is_named_by_its_place():
    from portal.core.datetimes import zone_name

    with translation.override("fr"):
        assert zone_name("Europe/Brussels") == "heure de Bruxelles"
        assert zone_name("Africa/Abidjan") == "heure d’Abidjan"
        assert zone_name("America/New_York") == "heure de New York"  # not offered: its place
    with translation.override("en"):
        assert zone_name("Europe/Brussels") == "Brussels time"
        assert zone_name("Africa/Niamey") == "Niamey time"


def test_every_offered_zone_has_its_phrase_in_each_catalogue():
    from portal.core.datetimes import ZONE_PLACES

    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        with translation.override(code):
            untranslated = [z for z, phrase in ZONE_PLACES.items() if str(phrase).endswith(" time")]
        assert untranslated == [], code


def test_dates_and_times_read_as_french():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from portal.core.datetimes import format_with_zone

    first_of_march = datetime(2027, 3, 1, 16, 0, tzinfo=ZoneInfo("UTC"))
    with translation.override("fr"):
        assert format_with_zone(first_of_march) == (
            "1er mars 2027 à 17\u00a0h\u00a000 (heure de Bruxelles)"
        )
        assert format_with_zone(first_of_march, "Africa/Niamey") == (
            "1er mars 2027 à 17\u00a0h\u00a000 (heure de Niamey)"
        )
    with translation.override("en"):
        assert format_with_zone(first_of_march) == "1 March 2027, 17:00 (Brussels time)"


@pytest.mark.django_db
def test_a_session_shows_its_time_with_the_place_of_its_zone():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from events.templatetags.events import session_time_text
    from tests.events.factories import SessionFactory

    paris = ZoneInfo("Europe/Paris")
    session = SessionFactory(
        time_zone="Europe/Paris",
        starts_at=datetime(2027, 6, 1, 9, 0, tzinfo=paris),
        ends_at=datetime(2027, 6, 1, 17, 30, tzinfo=paris),
    )
    with translation.override("fr"):
        assert session_time_text(session) == (
            "1er juin 2027, de 9\u00a0h\u00a000 à 17\u00a0h\u00a030 (heure de Paris)"
        )
    with translation.override("en"):
        assert session_time_text(session) == "1 June 2027, 09:00 to 17:30 (Paris time)"


# Alphabetical order with accents, the same in Python and in the database the suite uses.

COUNTRIES = [  # code, English, French
    ("BF", "Burkina Faso", "Burkina Faso"),
    ("BJ", "Benin", "Bénin"),
    ("BE", "Belgium", "Belgique"),
    ("EG", "Egypt", "Égypte"),
    ("ES", "Spain", "Espagne"),
    ("ET", "Ethiopia", "Éthiopie"),
    ("ZM", "Zambia", "Zambie"),
]
FRENCH_ORDER = ["Belgique", "Bénin", "Burkina Faso", "Égypte", "Espagne", "Éthiopie", "Zambie"]


def test_alphabetical_in_python_respects_accents():
    from portal.core.collation import alphabetical

    assert alphabetical(["Zambie", "Éducation", "Emploi", "Bénin", "Burkina Faso", "eau"]) == [
        "Bénin",
        "Burkina Faso",
        "eau",
        "Éducation",
        "Emploi",
        "Zambie",
    ]


@pytest.mark.django_db
def test_countries_and_sectors_are_alphabetical_in_each_language_on_the_database():
    from portal.core.collation import alphabetical
    from projects.models import Country, Sector

    for code, english, french in COUNTRIES:
        Country.objects.create(code=code, name_en=english, name_fr=french)
    for code, english, french in [
        ("edu", "Education", "Éducation"),
        ("emp", "Employment", "Emploi"),
        ("ag", "Agriculture", "Agriculture"),
        ("wat", "Water", "Eau"),
    ]:
        Sector.objects.create(code=code, name_en=english, name_fr=french)
    with translation.override("fr"):
        assert [c.name for c in Country.objects.all()] == FRENCH_ORDER
        assert [s.name for s in Sector.objects.all()] == [
            "Agriculture",
            "Eau",
            "Éducation",
            "Emploi",
        ]
        # the database and Python agree
        assert [c.name for c in Country.objects.all()] == alphabetical(FRENCH_ORDER[::-1])
    with translation.override("en"):
        assert [c.name for c in Country.objects.all()] == [
            "Belgium",
            "Benin",
            "Burkina Faso",
            "Egypt",
            "Ethiopia",
            "Spain",
            "Zambia",
        ]


@pytest.mark.django_db
def test_admin_lists_countries_alphabetically_in_french(admin_client):
    from projects.models import Country

    for code, english, french in COUNTRIES:
        Country.objects.create(code=code, name_en=english, name_fr=french)
    html = admin_client.get(
        reverse("admin:projects_country_changelist"), HTTP_ACCEPT_LANGUAGE="fr"
    ).text
    positions = [html.index(f">{name}<") for name in FRENCH_ORDER]
    assert positions == sorted(positions)


# The French admin.


@pytest.mark.django_db
def test_french_admin_names_third_party_apps_and_agrees_bulk_actions(admin_client):
    html = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Sécurité des connexions" in html and ">Axes<" not in html
    assert "Tâches en arrière-plan" in html and "Tasks Database Backend" not in html
    assert "Résultats des tâches" in html and "Task Results" not in html
    html = admin_client.get(
        reverse("admin:registrations_registration_changelist"), HTTP_ACCEPT_LANGUAGE="fr"
    ).text
    assert "sélectionnés" not in html


@pytest.mark.django_db
def test_staff_choose_a_session_time_zone_by_its_place(admin_client):
    html = admin_client.get(reverse("admin:events_event_add"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert '<option value="Europe/Brussels" selected>heure de Bruxelles</option>' in html
    assert '<option value="Africa/Niamey">heure de Niamey</option>' in html
