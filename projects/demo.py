"""Demo content for the projects side: countries, sectors, partners, the four projects of the
newsletter with their targets, and three open calls for cooperation.

Idempotent like every demo module: objects are looked up by a stable key (ISO code, sector
code, English name, English slug) and created only when missing; relations are set only on
creation, so staff edits survive a second run. Calls open relative to the time of loading so
that they are open in a fresh demo.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from projects.models import Call, Country, Partner, Project, Sector, Target

# (code, English name, French name, focus country of origin, English profile, French profile)
COUNTRIES = [
    ("MA", "Morocco", "Maroc", True, "", ""),
    ("SN", "Senegal", "Sénégal", True, "", ""),
    ("ML", "Mali", "Mali", True, "", ""),
    ("GN", "Guinea", "Guinée", True, "", ""),
    ("BF", "Burkina Faso", "Burkina Faso", True, "", ""),
    ("BJ", "Benin", "Bénin", True, "", ""),
    (
        "NE", "Niger", "Niger", True,
        "IOM Belgium works with IOM Niger on community projects, such as irrigation in Toro, and meets the Nigerien diaspora in Europe.",
        "L’OIM Belgique travaille avec l’OIM Niger sur des projets communautaires, comme l’irrigation à Toro, et rencontre la diaspora nigérienne en Europe.",
    ),
    ("UG", "Uganda", "Ouganda", True, "", ""),
    ("TZ", "Tanzania", "Tanzanie", True, "", ""),
    (
        "RW", "Rwanda", "Rwanda", True,
        "Rwandan diaspora members in Belgium and Germany share their skills with the health and education sectors of their home country.",
        "Des membres de la diaspora rwandaise de Belgique et d’Allemagne partagent leurs compétences avec les secteurs de la santé et de l’éducation de leur pays d’origine.",
    ),
    ("BI", "Burundi", "Burundi", True, "", ""),
    ("CD", "Democratic Republic of the Congo", "République démocratique du Congo", True, "", ""),
    ("MZ", "Mozambique", "Mozambique", True, "", ""),
    ("PS", "Palestinian Territory", "Territoire palestinien", True, "", ""),
    (
        "MR", "Mauritania", "Mauritanie", False,
        "Qualified members of the Mauritanian diaspora in Europe support the public institutions of their country of origin.",
        "Des membres qualifiés de la diaspora mauritanienne en Europe appuient les institutions publiques de leur pays d’origine.",
    ),
    ("BE", "Belgium", "Belgique", False, "", ""),
    ("LU", "Luxembourg", "Luxembourg", False, "", ""),
    ("NL", "Netherlands", "Pays-Bas", False, "", ""),
    ("DE", "Germany", "Allemagne", False, "", ""),
    ("FR", "France", "France", False, "", ""),
]  # fmt: skip

SECTORS = [
    ("health", "Health", "Santé"),
    ("education", "Education", "Éducation"),
    ("public-administration", "Public administration", "Administration publique"),
    ("agriculture", "Agriculture", "Agriculture"),
    ("entrepreneurship", "Entrepreneurship", "Entrepreneuriat"),
    ("employment", "Employment", "Emploi"),
    ("civil-society", "Civil society and associations", "Société civile et associations"),
    ("gender-equality", "Gender equality", "Égalité entre les femmes et les hommes"),
]

PARTNERS = [
    ("IOM Belgium and Luxembourg", "OIM Belgique et Luxembourg", Partner.Role.IMPLEMENTING),
    ("IOM Rwanda", "OIM Rwanda", Partner.Role.IMPLEMENTING),
    ("IOM Germany", "OIM Allemagne", Partner.Role.IMPLEMENTING),
    ("IOM Niger", "OIM Niger", Partner.Role.IMPLEMENTING),
    ("CIPMEN incubator", "Incubateur CIPMEN", Partner.Role.HOST),
    ("University of Tahoua", "Université de Tahoua", Partner.Role.HOST),
    (
        "Belgian Development Cooperation",
        "Coopération belge au développement",
        Partner.Role.FUNDER,
    ),
]

PROJECTS = [
    {
        "slug_en": "rwanda-diaspora-health-education",
        "slug_fr": "rwanda-diaspora-sante-education",
        "title_en": "Diaspora skills for health and education in Rwanda",
        "title_fr": "Les compétences de la diaspora pour la santé et l’éducation au Rwanda",
        "summary_en": "Thirty skilled Rwandan diaspora members from Belgium and Germany on temporary assignments in Rwanda’s health and education sectors, and ten innovative pilot projects.",
        "summary_fr": "Trente membres qualifiés de la diaspora rwandaise de Belgique et d’Allemagne en mission temporaire dans les secteurs de la santé et de l’éducation au Rwanda, et dix projets pilotes innovants.",
        "body_en": (
            "<p>Like many countries in Africa, Rwanda has a large number of nationals living abroad who play an important role in its socio-economic development. Together with IOM Rwanda, IOM Germany and IOM Belgium and Luxembourg coordinate activities linking Rwandan diaspora members in Belgium and Germany to their home country.</p>"
            "<p>By supporting the temporary relocation of 30 skilled diaspora members, who transfer their skills during their stay through training sessions, IOM aims to strengthen the Rwandan education and health sectors. The ultimate aim is to create ten innovative pilot projects through synergies between the diaspora and Rwandan trained professionals.</p>"
            "<p>Interested Rwandan diaspora members are encouraged to register for the upcoming info session in Brussels (date to be determined). Investors interested in one of the pilot projects can answer the investors’ call below.</p>"
        ),
        "body_fr": (
            "<p>Comme beaucoup de pays d’Afrique, le Rwanda compte un grand nombre de ressortissants vivant à l’étranger, qui jouent un rôle important dans son développement socio-économique. Avec l’OIM Rwanda, l’OIM Allemagne et l’OIM Belgique et Luxembourg coordonnent des activités qui relient les membres de la diaspora rwandaise de Belgique et d’Allemagne à leur pays d’origine.</p>"
            "<p>En soutenant la réinstallation temporaire de 30 membres qualifiés de la diaspora, qui transmettent leurs compétences pendant leur séjour par des sessions de formation, l’OIM veut renforcer les secteurs rwandais de l’éducation et de la santé. Le but ultime est de créer dix projets pilotes innovants grâce aux synergies entre la diaspora et les professionnels formés au Rwanda.</p>"
            "<p>Les membres de la diaspora rwandaise intéressés sont invités à s’inscrire à la prochaine séance d’information à Bruxelles (date à déterminer). Les investisseurs intéressés par l’un des projets pilotes peuvent répondre à l’appel aux investisseurs ci-dessous.</p>"
        ),
        "status": Project.Status.ONGOING,
        "is_featured": True,
        "origin": ["RW"],
        "residence": ["BE", "DE"],
        "sectors": ["health", "education", "entrepreneurship"],
        "partners": ["IOM Rwanda", "IOM Germany", "IOM Belgium and Luxembourg"],
        "funder": None,
        "targets": [
            ("Skilled diaspora members on temporary assignment in Rwanda", "Membres qualifiés de la diaspora en mission temporaire au Rwanda", 30, 12),
            ("Innovative pilot projects created", "Projets pilotes innovants créés", 10, 4),
        ],
    },
    {
        "slug_en": "mauritania-circular-temporary-migration",
        "slug_fr": "mauritanie-migration-circulaire-temporaire",
        "title_en": "Support to circular and temporary migration of the Mauritanian diaspora",
        "title_fr": "Soutien à la migration circulaire et temporaire de la diaspora mauritanienne",
        "summary_en": "Twenty qualified members of the Mauritanian diaspora in Europe on temporary assignments to build the capacities of public institutions in Mauritania.",
        "summary_fr": "Vingt membres qualifiés de la diaspora mauritanienne en Europe en mission temporaire pour renforcer les capacités des institutions publiques en Mauritanie.",
        "body_en": (
            "<p>In June 2019, IOM organised meetings in Brussels, Frankfurt and Paris for members of the Mauritanian diaspora living in the Benelux, France and Germany. The initiative aims to temporarily move 20 qualified diaspora members to support capacity-building and skills development in public institutions of their country of origin.</p>"
            "<p>After these meetings, 37 diaspora experts from Belgium, Germany and France expressed their interest as potential candidates. In the coming months, IOM follows up on the activities of the selected members.</p>"
        ),
        "body_fr": (
            "<p>En juin 2019, l’OIM a organisé des réunions à Bruxelles, Francfort et Paris pour les membres de la diaspora mauritanienne résidant au Benelux, en France et en Allemagne. L’initiative vise à déplacer temporairement 20 membres qualifiés de la diaspora pour soutenir le renforcement des capacités et le développement des compétences des institutions publiques de leur pays d’origine.</p>"
            "<p>À la suite de ces réunions, 37 experts de la diaspora venus de Belgique, d’Allemagne et de France ont manifesté leur intérêt en tant que candidats potentiels. Dans les mois à venir, l’OIM assure le suivi des activités des membres sélectionnés.</p>"
        ),
        "status": Project.Status.ONGOING,
        "is_featured": True,
        "origin": ["MR"],
        "residence": ["BE", "NL", "LU", "FR", "DE"],
        "sectors": ["public-administration"],
        "partners": ["IOM Belgium and Luxembourg", "IOM Germany"],
        "funder": None,
        "targets": [
            ("Qualified diaspora members on temporary assignment", "Membres qualifiés de la diaspora en mission temporaire", 20, 0),
            ("Expressions of interest from diaspora experts", "Manifestations d’intérêt d’experts de la diaspora", None, 37),
        ],
    },
    {
        "slug_en": "niger-community-projects",
        "slug_fr": "niger-projets-communautaires",
        "title_en": "Diaspora and community projects in Niger",
        "title_fr": "La diaspora et les projets communautaires au Niger",
        "summary_en": "Collective and community-based projects in Niger, such as irrigation in Toro, and a job fair in Tahoua with IOM Niger, the CIPMEN incubator and the University of Tahoua.",
        "summary_fr": "Des projets collectifs et communautaires au Niger, comme l’irrigation à Toro, et un salon de l’emploi à Tahoua avec l’OIM Niger, l’incubateur CIPMEN et l’Université de Tahoua.",
        "body_en": (
            "<p>In March 2019, IOM Belgium organised a mission to Niger to gain a better insight into several collective and community-based projects, such as an irrigation project in Toro.</p>"
            "<p>During the mission, IOM Belgium also attended a job fair in Tahoua organised by IOM Niger, the local incubator CIPMEN and the University of Tahoua, an event that brought together thousands of visitors, diaspora members among them.</p>"
            "<p>On 5 October, IOM Belgium spoke at the Rencontre des Nigériens d’Europe to explain IOM’s involvement in Niger and the links between migration and development.</p>"
        ),
        "body_fr": (
            "<p>En mars 2019, l’OIM Belgique a organisé une mission au Niger pour mieux connaître plusieurs projets collectifs et communautaires, comme un projet d’irrigation à Toro.</p>"
            "<p>Pendant la mission, l’OIM Belgique a aussi participé à un salon de l’emploi à Tahoua organisé par l’OIM Niger, l’incubateur local CIPMEN et l’Université de Tahoua, un événement qui a réuni des milliers de visiteurs, dont des membres de la diaspora.</p>"
            "<p>Le 5 octobre, l’OIM Belgique a pris la parole à la Rencontre des Nigériens d’Europe pour présenter l’action de l’OIM au Niger et les liens entre migration et développement.</p>"
        ),
        "status": Project.Status.ONGOING,
        "is_featured": False,
        "origin": ["NE"],
        "residence": ["BE"],
        "sectors": ["agriculture", "employment", "entrepreneurship"],
        "partners": ["IOM Niger", "CIPMEN incubator", "University of Tahoua", "IOM Belgium and Luxembourg"],
        "funder": None,
        "targets": [],
    },
    {
        "slug_en": "empowering-female-diaspora-associations",
        "slug_fr": "renforcer-associations-femmes-diaspora",
        "title_en": "Empowering Female Diaspora Associations",
        "title_fr": "Renforcer les associations de femmes de la diaspora",
        "summary_en": "Eleven African diaspora women’s associations in Belgium followed a capacity-building programme to strengthen their role in the development of their countries of origin.",
        "summary_fr": "Onze associations de femmes de la diaspora africaine en Belgique ont suivi un programme de renforcement des capacités pour affirmer leur rôle dans le développement de leurs pays d’origine.",
        "body_en": (
            "<p>In the spirit of IOM’s 3E strategy for diaspora and with the financial support of the Belgian Development Cooperation, IOM Belgium contributed to a project on Empowering Female Diaspora Associations to Strengthen their Role in the Development of Countries of Origin.</p>"
            "<p>A gender-specific approach towards diaspora was innovative. Eleven African diaspora women’s associations residing in Belgium were selected for a tailored capacity-building programme. The training modules helped the women increase the visibility of their associations and strengthen their role and capacities as effective agents of projects supporting the development of their countries of origin.</p>"
        ),
        "body_fr": (
            "<p>Dans l’esprit de la stratégie 3E de l’OIM pour la diaspora et avec le soutien financier de la Coopération belge au développement, l’OIM Belgique a contribué à un projet visant à renforcer les associations de femmes de la diaspora dans leur rôle pour le développement des pays d’origine.</p>"
            "<p>Une approche de la diaspora propre au genre était une innovation. Onze associations de femmes de la diaspora africaine établies en Belgique ont été sélectionnées pour un programme de renforcement des capacités sur mesure. Les modules de formation ont aidé ces femmes à rendre leurs associations plus visibles et à affirmer leur rôle et leurs capacités d’actrices des projets qui soutiennent le développement de leurs pays d’origine.</p>"
        ),
        "status": Project.Status.COMPLETED,
        "is_featured": False,
        "origin": [],
        "residence": ["BE"],
        "sectors": ["civil-society", "gender-equality"],
        "partners": ["IOM Belgium and Luxembourg"],
        "funder": "Belgian Development Cooperation",
        "targets": [
            ("Women’s diaspora associations trained", "Associations de femmes de la diaspora formées", 11, 11),
        ],
    },
]  # fmt: skip

OFFICER_EMAIL = "diaspora-programmes@example.org"

CALLS = [
    {
        "project": "rwanda-diaspora-health-education",
        "kind": Call.Kind.CANDIDATES,
        "slug_en": "rwanda-health-education-professionals",
        "slug_fr": "rwanda-professionnels-sante-education",
        "title_en": "30 Rwandan health and education professionals for temporary assignments",
        "title_fr": "30 professionnels rwandais de la santé et de l’éducation pour des missions temporaires",
        "description_en": "<p>IOM is looking for 30 skilled members of the Rwandan diaspora living in Belgium or Germany to work for a few weeks to a few months in Rwandan hospitals, health centres, schools and universities, and to train their Rwandan colleagues.</p><p>Travel and accommodation are covered by the project.</p>",
        "description_fr": "<p>L’OIM recherche 30 membres qualifiés de la diaspora rwandaise vivant en Belgique ou en Allemagne pour travailler de quelques semaines à quelques mois dans des hôpitaux, centres de santé, écoles et universités du Rwanda, et y former leurs collègues rwandais.</p><p>Le voyage et l’hébergement sont pris en charge par le projet.</p>",
        "eligibility_en": "Member of the Rwandan diaspora living in Belgium or Germany\nA qualification and at least three years of experience in health or education\nAvailable for an assignment of two weeks to six months in Rwanda\nWilling to train local professionals",
        "eligibility_fr": "Être membre de la diaspora rwandaise et vivre en Belgique ou en Allemagne\nAvoir un diplôme et au moins trois ans d’expérience dans la santé ou l’éducation\nÊtre disponible pour une mission de deux semaines à six mois au Rwanda\nÊtre prêt à former des professionnels sur place",
    },
    {
        "project": "mauritania-circular-temporary-migration",
        "kind": Call.Kind.CANDIDATES,
        "slug_en": "mauritania-public-institutions-experts",
        "slug_fr": "mauritanie-experts-institutions-publiques",
        "title_en": "Qualified Mauritanian diaspora members to support public institutions",
        "title_fr": "Membres qualifiés de la diaspora mauritanienne en appui aux institutions publiques",
        "description_en": "<p>Mauritanian public institutions need experienced professionals for temporary assignments in capacity building and skills development. IOM is looking for 20 qualified members of the diaspora living in the Benelux, France or Germany.</p>",
        "description_fr": "<p>Les institutions publiques mauritaniennes ont besoin de professionnels expérimentés pour des missions temporaires de renforcement des capacités et de développement des compétences. L’OIM recherche 20 membres qualifiés de la diaspora vivant au Benelux, en France ou en Allemagne.</p>",
        "eligibility_en": "Member of the Mauritanian diaspora living in the Benelux, France or Germany\nA higher education degree and professional experience relevant to a public institution\nAvailable for a temporary assignment in Mauritania",
        "eligibility_fr": "Être membre de la diaspora mauritanienne et vivre au Benelux, en France ou en Allemagne\nAvoir un diplôme de l’enseignement supérieur et une expérience professionnelle utile à une institution publique\nÊtre disponible pour une mission temporaire en Mauritanie",
    },
    {
        "project": "rwanda-diaspora-health-education",
        "kind": Call.Kind.INVESTORS,
        "slug_en": "rwanda-pilot-projects-investors",
        "slug_fr": "rwanda-projets-pilotes-investisseurs",
        "title_en": "Invest in the Rwanda health and education pilot projects",
        "title_fr": "Investir dans les projets pilotes de santé et d’éducation au Rwanda",
        "description_en": "<p>Ten innovative pilot projects will grow out of the cooperation between diaspora experts and Rwandan professionals. Investors and partner organisations interested in financing or supporting one of them can tell us about their interest.</p>",
        "description_fr": "<p>Dix projets pilotes innovants naîtront de la coopération entre les experts de la diaspora et les professionnels rwandais. Les investisseurs et les organisations partenaires intéressés par le financement ou le soutien de l’un d’eux peuvent nous faire part de leur intérêt.</p>",
        "eligibility_en": "Investors, companies, foundations or organisations\nInterest in health or education in Rwanda",
        "eligibility_fr": "Investisseurs, entreprises, fondations ou organisations\nIntérêt pour la santé ou l’éducation au Rwanda",
    },
]  # fmt: skip


def call_window() -> tuple:
    """Opened yesterday, closing in three months at 17:00 office time."""
    zone = ZoneInfo(settings.TIME_ZONE)
    now = timezone.localtime(timezone.now(), zone)
    opens = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    closes = (now + timedelta(days=90)).replace(hour=17, minute=0, second=0, microsecond=0)
    return opens, closes


def load() -> int:
    created = 0
    countries = {}
    for code, name_en, name_fr, is_focus, profile_en, profile_fr in COUNTRIES:
        countries[code], was_created = Country.objects.get_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "is_focus": is_focus,
                "profile_en": profile_en,
                "profile_fr": profile_fr,
            },
        )
        created += was_created
    sectors = {}
    for code, name_en, name_fr in SECTORS:
        sectors[code], was_created = Sector.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_fr": name_fr}
        )
        created += was_created
    partners = {}
    for name_en, name_fr, role in PARTNERS:
        partners[name_en], was_created = Partner.objects.get_or_create(
            name_en=name_en, defaults={"name_fr": name_fr, "role": role}
        )
        created += was_created
    projects = {}
    for data in PROJECTS:
        data = dict(data)
        origin, residence = data.pop("origin"), data.pop("residence")
        sector_codes, partner_names = data.pop("sectors"), data.pop("partners")
        funder, targets = data.pop("funder"), data.pop("targets")
        project, was_created = Project.objects.get_or_create(
            slug_en=data.pop("slug_en"),
            defaults={**data, "funder": partners[funder] if funder else None},
        )
        projects[project.slug_en] = project
        created += was_created
        if was_created:
            project.countries_of_origin.set([countries[c] for c in origin])
            project.countries_of_residence.set([countries[c] for c in residence])
            project.sectors.set([sectors[c] for c in sector_codes])
            project.partners.set([partners[n] for n in partner_names])
        for position, (label_en, label_fr, goal, progress) in enumerate(targets):
            _target, was_created = Target.objects.get_or_create(
                project=project,
                label_en=label_en,
                defaults={
                    "label_fr": label_fr,
                    "goal": goal,
                    "progress": progress,
                    "position": position,
                },
            )
            created += was_created
    opens_at, closes_at = call_window()
    for data in CALLS:
        data = dict(data)
        project = projects[data.pop("project")]
        _call, was_created = Call.objects.get_or_create(
            slug_en=data.pop("slug_en"),
            defaults={
                **data,
                "project": project,
                "opens_at": opens_at,
                "closes_at": closes_at,
                "officer_email": OFFICER_EMAIL,
            },
        )
        created += was_created
    return created
