"""Demo content for the events side: the past events of the newsletter, the Rwanda info
session whose date is to be determined, and one example upcoming session to try.

Only what the newsletter (../shared/content) says: a date known to the month stays a month
(`Session.date_precision`), a place it does not name stays unnamed, no languages spoken. The
example event is the one made-up thing, and says so in its title and description.

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

# The English slug of the Rwanda info session, which the demo articles link to.
RWANDA_INFO_SESSION = "rwanda-diaspora-info-session-brussels"


def month(year: int, month: int, zone: str) -> datetime:
    """The first moment of a month known only as a month (`date_precision` MONTH)."""
    return datetime(year, month, 1, tzinfo=ZoneInfo(zone))


def day(year: int, month: int, day: int, zone: str) -> datetime:
    """The first moment of a day known without its hours (`date_precision` DAY)."""
    return datetime(year, month, day, tzinfo=ZoneInfo(zone))


def example_start() -> datetime:
    """Three weeks from now, at 18:00 office time."""
    zone = ZoneInfo(settings.TIME_ZONE)
    later = timezone.localtime(timezone.now(), zone) + timedelta(weeks=3)
    return later.replace(hour=18, minute=0, second=0, microsecond=0)


def events() -> list[dict]:
    example = example_start()
    return [
        {
            "slug_en": "tahoua-job-fair-2019",
            "slug_fr": "salon-emploi-tahoua-2019",
            "title_en": "Job fair in Tahoua",
            "title_fr": "Salon de l’emploi de Tahoua",
            "description_en": "<p>A job fair organised by IOM Niger, the local incubator CIPMEN and the University of Tahoua, which brought together thousands of visitors, diaspora members among them. IOM Belgium attended it during its mission to Niger in March 2019.</p>",
            "description_fr": "<p>Un salon de l’emploi organisé par l’OIM Niger, l’incubateur local CIPMEN et l’Université de Tahoua, qui a attiré des milliers de visiteurs, dont des membres de la diaspora. L’OIM Belgique s’y est rendue pendant sa mission au Niger, en mars 2019.</p>",
            "kind": Event.Kind.JOB_FAIR,
            "languages": "",  # not in the newsletter
            "project": "niger-community-projects",
            "sessions": [
                {
                    # The newsletter says "March 2019" and names no venue: the month only.
                    "city_en": "Tahoua",
                    "city_fr": "Tahoua",
                    "country": "NE",
                    "time_zone": "Africa/Niamey",
                    "starts_at": month(2019, 3, "Africa/Niamey"),
                    "date_precision": Session.Precision.MONTH,
                }
            ],
        },
        {
            "slug_en": "rencontre-des-nigeriens-d-europe-2019",
            "slug_fr": "rencontre-des-nigeriens-d-europe-2019",
            "title_en": "Rencontre des Nigériens d’Europe",
            "title_fr": "Rencontre des Nigériens d’Europe",
            "description_en": "<p>A meeting of the Nigerien diaspora in Europe. IOM Belgium spoke there to explain IOM’s involvement in Niger and the relation between migration and development.</p>",
            "description_fr": "<p>Une rencontre de la diaspora nigérienne d’Europe. L’OIM Belgique y a pris la parole pour présenter l’action de l’OIM au Niger et le lien entre migration et développement.</p>",
            "kind": Event.Kind.MEETING,
            "languages": "",
            "project": "niger-community-projects",
            "sessions": [
                {
                    # The newsletter gives the day ("5 October", after the March 2019
                    # mission), neither the place nor the hours.
                    "starts_at": day(2019, 10, 5, settings.TIME_ZONE),
                    "date_precision": Session.Precision.DAY,
                }
            ],
        },
        {
            "slug_en": "mauritanian-diaspora-meetings-2019",
            "slug_fr": "rencontres-diaspora-mauritanienne-2019",
            "title_en": "Meetings with the Mauritanian diaspora",
            "title_fr": "Rencontres avec la diaspora mauritanienne",
            "description_en": "<p>Meetings for members of the Mauritanian diaspora living in the Benelux, France and Germany, within the project “Support to Circular and Temporary Migration of the Mauritanian Diaspora”. After them, 37 diaspora experts from Belgium, Germany and France expressed their interest as potential candidates.</p>",
            "description_fr": "<p>Des rencontres avec les membres de la diaspora mauritanienne vivant au Benelux, en France et en Allemagne, dans le cadre du projet «\u202fAppui à la migration circulaire et temporaire de la diaspora mauritanienne\u202f». À leur issue, 37 experts de la diaspora venus de Belgique, d’Allemagne et de France se sont portés candidats potentiels.</p>",
            "kind": Event.Kind.MEETING,
            "languages": "",
            "project": "mauritania-circular-temporary-migration",
            # The newsletter says "June 2019" without the days or the venues: the month only.
            "sessions": [
                {
                    "city_en": "Brussels",
                    "city_fr": "Bruxelles",
                    "country": "BE",
                    "time_zone": "Europe/Brussels",
                    "starts_at": month(2019, 6, "Europe/Brussels"),
                    "date_precision": Session.Precision.MONTH,
                },
                {
                    "city_en": "Frankfurt",
                    "city_fr": "Francfort",
                    "country": "DE",
                    "time_zone": "Europe/Berlin",
                    "starts_at": month(2019, 6, "Europe/Berlin"),
                    "date_precision": Session.Precision.MONTH,
                },
                {
                    "city_en": "Paris",
                    "city_fr": "Paris",
                    "country": "FR",
                    "time_zone": "Europe/Paris",
                    "starts_at": month(2019, 6, "Europe/Paris"),
                    "date_precision": Session.Precision.MONTH,
                },
            ],
        },
        {
            "slug_en": RWANDA_INFO_SESSION,
            "slug_fr": "seance-information-diaspora-rwandaise-bruxelles",
            "title_en": "Info session for the Rwandan diaspora in Brussels",
            "title_fr": "Séance d’information pour la diaspora rwandaise à Bruxelles",
            "description_en": "<p>An info session in Brussels for interested members of the Rwandan diaspora, about the project linking diaspora members in Belgium and Germany with Rwanda’s health and education sectors. The date and the venue are still to be determined: pre-register to be told when they are set.</p>",
            "description_fr": "<p>Une séance d’information à Bruxelles pour les membres de la diaspora rwandaise intéressés par le projet qui relie la diaspora de Belgique et d’Allemagne aux secteurs rwandais de la santé et de l’éducation. La date et le lieu restent à déterminer\u202f: préinscrivez-vous pour en être informé dès qu’ils seront fixés.</p>",
            "kind": Event.Kind.INFO_SESSION,
            "languages": "",
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
            "title_fr": "Exemple\u202f: séance d’information sur les programmes pour la diaspora",
            "description_en": "<p>This is an example event of the demo content, so that you can try registering. It is not a real event: its date, place and number of places are made up.</p>",
            "description_fr": "<p>Cette séance est un exemple du contenu de démonstration, pour essayer l’inscription. Ce n’est pas une véritable séance\u202f: sa date, son lieu et son nombre de places sont fictifs.</p>",
            "kind": Event.Kind.INFO_SESSION,
            "languages": "",
            "project": None,
            "registration_opens_at": example - timedelta(weeks=4),
            "registration_closes_at": example - timedelta(hours=2),
            "sessions": [
                {
                    "address": "Rue de l’Exemple 1",
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
            slug_en=data.pop("slug_en"), defaults={**data, "project": project, "is_published": True}
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
