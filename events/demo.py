"""Demo content for the events side: the past events of the newsletter, the Rwanda info
session whose date is to be determined, and one example upcoming session to try.

Idempotent like every demo module: events are looked up by their English slug and created
with their sessions only when missing, so a second run changes nothing and staff edits
survive. The example session is dated three weeks after the first load.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from events.models import Event, Session
from projects.models import Country, Project


def at(year: int, month: int, day: int, hour: int, minute: int, zone: str) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def example_start() -> datetime:
    """Three weeks from now, at 18:00 office time."""
    zone = ZoneInfo(settings.TIME_ZONE)
    day = timezone.localtime(timezone.now(), zone) + timedelta(weeks=3)
    return day.replace(hour=18, minute=0, second=0, microsecond=0)


def events() -> list[dict]:
    example = example_start()
    return [
        {
            "slug_en": "tahoua-job-fair-2019",
            "slug_fr": "salon-emploi-tahoua-2019",
            "title_en": "Job fair in Tahoua",
            "title_fr": "Salon de l’emploi de Tahoua",
            "description_en": "<p>A job fair organised by IOM Niger, the local incubator CIPMEN and the University of Tahoua, which brought together thousands of visitors, diaspora members among them. IOM Belgium attended it during its mission to Niger in March 2019.</p>",
            "description_fr": "<p>Un salon de l’emploi organisé par l’OIM Niger, l’incubateur local CIPMEN et l’Université de Tahoua, qui a réuni des milliers de visiteurs, dont des membres de la diaspora. L’OIM Belgique y a participé pendant sa mission au Niger en mars 2019.</p>",
            "kind": Event.Kind.JOB_FAIR,
            "languages": "fr",
            "project": "niger-community-projects",
            "sessions": [
                {
                    "venue_name": "Université de Tahoua",
                    "city_en": "Tahoua",
                    "city_fr": "Tahoua",
                    "country": "NE",
                    "time_zone": "Africa/Niamey",
                    # The newsletter only says "March 2019": the day is a plausible choice.
                    "starts_at": at(2019, 3, 14, 9, 0, "Africa/Niamey"),
                    "ends_at": at(2019, 3, 14, 17, 0, "Africa/Niamey"),
                }
            ],
        },
        {
            "slug_en": "rencontre-des-nigeriens-d-europe-2019",
            "slug_fr": "rencontre-des-nigeriens-d-europe-2019",
            "title_en": "Rencontre des Nigériens d’Europe",
            "title_fr": "Rencontre des Nigériens d’Europe",
            "description_en": "<p>A meeting of the Nigerien diaspora in Europe. IOM Belgium spoke there to explain IOM’s involvement in Niger and the relation between migration and development.</p>",
            "description_fr": "<p>Une rencontre de la diaspora nigérienne d’Europe. L’OIM Belgique y a pris la parole pour expliquer son engagement au Niger et le lien entre migration et développement.</p>",
            "kind": Event.Kind.MEETING,
            "languages": "fr",
            "project": "niger-community-projects",
            "sessions": [
                {
                    # The newsletter gives the day, not the place or the hours.
                    "starts_at": at(2019, 10, 5, 10, 0, "Europe/Brussels"),
                    "ends_at": at(2019, 10, 5, 18, 0, "Europe/Brussels"),
                }
            ],
        },
        {
            "slug_en": "mauritanian-diaspora-meetings-2019",
            "slug_fr": "rencontres-diaspora-mauritanienne-2019",
            "title_en": "Meetings with the Mauritanian diaspora",
            "title_fr": "Rencontres avec la diaspora mauritanienne",
            "description_en": "<p>Meetings for members of the Mauritanian diaspora living in the Benelux, France and Germany, within the project “Support to circular and temporary migration of the Mauritanian diaspora”. After them, 37 diaspora experts expressed their interest as candidates.</p>",
            "description_fr": "<p>Des rencontres pour les membres de la diaspora mauritanienne du Benelux, de France et d’Allemagne, dans le cadre du projet « Soutien à la migration circulaire et temporaire de la diaspora mauritanienne ». À leur suite, 37 experts de la diaspora ont exprimé leur intérêt comme candidats.</p>",
            "kind": Event.Kind.MEETING,
            "languages": "fr,ar",
            "project": "mauritania-circular-temporary-migration",
            # The newsletter says "June 2019" without the days: these are plausible choices.
            "sessions": [
                {
                    "city_en": "Brussels",
                    "city_fr": "Bruxelles",
                    "country": "BE",
                    "time_zone": "Europe/Brussels",
                    "starts_at": at(2019, 6, 8, 14, 0, "Europe/Brussels"),
                    "ends_at": at(2019, 6, 8, 17, 0, "Europe/Brussels"),
                },
                {
                    "city_en": "Frankfurt",
                    "city_fr": "Francfort",
                    "country": "DE",
                    "time_zone": "Europe/Berlin",
                    "starts_at": at(2019, 6, 15, 14, 0, "Europe/Berlin"),
                    "ends_at": at(2019, 6, 15, 17, 0, "Europe/Berlin"),
                },
                {
                    "city_en": "Paris",
                    "city_fr": "Paris",
                    "country": "FR",
                    "time_zone": "Europe/Paris",
                    "starts_at": at(2019, 6, 22, 14, 0, "Europe/Paris"),
                    "ends_at": at(2019, 6, 22, 17, 0, "Europe/Paris"),
                },
            ],
        },
        {
            "slug_en": "rwanda-diaspora-info-session-brussels",
            "slug_fr": "seance-information-diaspora-rwandaise-bruxelles",
            "title_en": "Info session for the Rwandan diaspora in Brussels",
            "title_fr": "Séance d’information pour la diaspora rwandaise à Bruxelles",
            "description_en": "<p>Rwandan diaspora members interested in temporary assignments in Rwanda’s health and education sectors, or in the pilot projects, can learn how to take part. The date is still to be determined: pre-register to be told first.</p>",
            "description_fr": "<p>Les membres de la diaspora rwandaise intéressés par une mission temporaire dans les secteurs rwandais de la santé et de l’éducation, ou par les projets pilotes, y apprendront comment participer. La date reste à déterminer : préinscrivez-vous pour être prévenu en premier.</p>",
            "kind": Event.Kind.INFO_SESSION,
            "languages": "en,fr,rw",
            "project": "rwanda-diaspora-health-education",
            # Pre-registration is open while the date is to be determined.
            "registration_opens_at": timezone.now().replace(microsecond=0) - timedelta(days=1),
            "sessions": [
                {
                    "city_en": "Brussels",
                    "city_fr": "Bruxelles",
                    "country": "BE",
                    "time_zone": "Europe/Brussels",
                    "date_to_be_determined": True,
                }
            ],
        },
        {
            "slug_en": "example-info-session-brussels",
            "slug_fr": "exemple-seance-information-bruxelles",
            "title_en": "Example: info session on the diaspora programmes",
            "title_fr": "Exemple : séance d’information sur les programmes pour la diaspora",
            "description_en": "<p>This is an example event of the demo content, so that you can try the event pages. It is not a real event.</p>",
            "description_fr": "<p>Ceci est une séance d’exemple du contenu de démonstration, pour essayer le site. Ce n’est pas une véritable séance.</p>",
            "kind": Event.Kind.INFO_SESSION,
            "languages": "en,fr",
            "project": None,
            "registration_opens_at": example - timedelta(weeks=4),
            "registration_closes_at": example - timedelta(hours=2),
            "sessions": [
                {
                    "venue_name": "IOM Belgium and Luxembourg",
                    "address": "Rue de l’Exemple 1\n1000 Brussels",
                    "city_en": "Brussels",
                    "city_fr": "Bruxelles",
                    "country": "BE",
                    "time_zone": "Europe/Brussels",
                    "starts_at": example,
                    "ends_at": example + timedelta(hours=2),
                    "capacity": 30,
                }
            ],
        },
    ]  # fmt: skip


def load() -> int:
    created = 0
    countries = {c.code: c for c in Country.objects.all()}
    for data in events():
        data = dict(data)
        sessions = data.pop("sessions")
        project_slug = data.pop("project")
        project = Project.objects.filter(slug_en=project_slug).first() if project_slug else None
        event, was_created = Event.objects.get_or_create(
            slug_en=data.pop("slug_en"), defaults={**data, "project": project}
        )
        created += was_created
        if not was_created:
            continue  # sessions were created with the event; staff may have changed them
        for position, session in enumerate(sessions):
            session = dict(session)
            country = countries.get(session.pop("country", None))
            Session.objects.create(event=event, position=position, country=country, **session)
            created += 1
    return created
