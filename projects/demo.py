"""Demo content for the projects side: countries, sectors, the talent pool's skills,
partners, the four projects of the newsletter with their targets, and three open calls for
cooperation with the matching criteria the newsletter supports.

Only what the newsletter (../shared/content) says. Where a field needs a value it does not
give, the value says "not known": targets without a known progress, calls without a closing
date. The calls open when the demo is loaded (they must open some time to be tried).

Idempotent like every demo module: objects are looked up by a stable key (ISO code, sector
code, English name, English slug) and created only when missing; relations are set only on
creation, so staff edits survive a second run. Calls open relative to the time of loading so
that they are open in a fresh demo.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from projects.models import Call, Country, Partner, Project, Sector, Skill, Target

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
        "In March 2019, IOM Belgium went on a mission to Niger to learn about collective and community-based projects, such as an irrigation project in Toro, and later spoke at the Rencontre des Nigériens d’Europe.",
        "En mars 2019, l’OIM Belgique s’est rendue au Niger pour découvrir des projets collectifs et communautaires, comme un projet d’irrigation à Toro, puis a pris la parole à la Rencontre des Nigériens d’Europe.",
    ),
    ("UG", "Uganda", "Ouganda", True, "", ""),
    ("TZ", "Tanzania", "Tanzanie", True, "", ""),
    (
        "RW", "Rwanda", "Rwanda", True,
        "IOM Rwanda, IOM Germany and IOM Belgium and Luxembourg link Rwandan diaspora members in Belgium and Germany with their home country, to strengthen its health and education sectors.",
        "L’OIM Rwanda, l’OIM Allemagne et l’OIM Belgique et Luxembourg rapprochent de leur pays les membres de la diaspora rwandaise de Belgique et d’Allemagne, pour renforcer ses secteurs de la santé et de l’éducation.",
    ),
    ("BI", "Burundi", "Burundi", True, "", ""),
    ("CD", "Democratic Republic of the Congo", "République démocratique du Congo", True, "", ""),
    ("MZ", "Mozambique", "Mozambique", True, "", ""),
    ("PS", "Palestinian Territory", "Territoire palestinien", True, "", ""),
    (
        "MR", "Mauritania", "Mauritanie", False,
        "A project aims to bring 20 qualified members of the Mauritanian diaspora in the Benelux, France and Germany to their country of origin for a time, to support its public institutions.",
        "Un projet vise à faire revenir temporairement 20 membres qualifiés de la diaspora mauritanienne du Benelux, de France et d’Allemagne pour appuyer les institutions publiques de leur pays d’origine.",
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
    ("employment", "Employment", "Emploi"),
    ("civil-society", "Civil society and associations", "Société civile et associations"),
    ("gender-equality", "Gender equality", "Égalité entre les femmes et les hommes"),
]

# The talent pool's vocabulary: only the fields of work and occupations the newsletter names
# (code, English name, French name, sector code or None; the newsletter's words in comments).
SKILLS = [
    ("health-services", "Health services", "Services de santé", "health"),  # "health sector"
    ("teaching", "Teaching", "Enseignement", "education"),  # "education sector"
    # "transfer their skills during their stay through training sessions"
    ("training", "Training and skills transfer", "Formation et transfert de compétences", "education"),
    # "support the public sector", "public institutions"
    ("public-administration", "Public administration", "Administration publique", "public-administration"),
    ("institutional-capacity-building", "Capacity-building of public institutions", "Renforcement des capacités des institutions publiques", "public-administration"),
    ("irrigation", "Irrigation", "Irrigation", "agriculture"),  # "an irrigation project in Toro"
    # "the local incubator CIPMEN", "a Job Fair in Tahoua"
    ("entrepreneurship", "Entrepreneurship and business incubation", "Entrepreneuriat et incubation d’entreprises", "employment"),
    ("community-projects", "Collective and community-based projects", "Projets collectifs et communautaires", "civil-society"),
    # "increasing the visibility of their associations"
    ("association-management", "Running an association", "Gestion associative", "civil-society"),
    ("gender-approach", "Gender-specific approach", "Approche sensible au genre", "gender-equality"),
    ("pilot-projects", "Designing innovative pilot projects", "Conception de projets pilotes innovants", None),
    ("migration-development", "Migration and development", "Migration et développement", None),
]  # fmt: skip

PARTNERS = [
    ("IOM Belgium and Luxembourg", "OIM Belgique et Luxembourg", Partner.Role.IMPLEMENTING),
    ("IOM Rwanda", "OIM Rwanda", Partner.Role.IMPLEMENTING),
    ("IOM Germany", "OIM Allemagne", Partner.Role.IMPLEMENTING),
    ("IOM Niger", "OIM Niger", Partner.Role.IMPLEMENTING),
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
        "summary_en": "The project aims to support the temporary relocation of 30 skilled Rwandan diaspora members from Belgium and Germany, who will pass on their skills to Rwanda’s health and education sectors, and to create ten innovative pilot projects.",
        "summary_fr": "Le projet vise à soutenir le retour temporaire au Rwanda de 30 membres qualifiés de la diaspora vivant en Belgique et en Allemagne, qui transmettront leurs compétences aux secteurs de la santé et de l’éducation, et à créer dix projets pilotes innovants.",
        "body_en": (
            "<p>Like many countries in Africa, Rwanda has a large number of nationals living abroad who play an important role in its socio-economic development. Together with IOM Rwanda, IOM Germany and IOM Belgium and Luxembourg coordinate various activities linking Rwandan diaspora members in Belgium and Germany to their home country.</p>"
            "<p>By supporting the temporary relocation of 30 skilled diaspora members, who will transfer their skills during their stay through training sessions, IOM aims to strengthen the Rwandan education and health sectors. The ultimate aim is to create ten innovative pilot projects through synergies between the diaspora and trained Rwandan professionals.</p>"
            "<p>Interested Rwandan diaspora members are encouraged to register for the upcoming info session in Brussels (date to be determined), listed on this page. Investors interested in one of the pilot projects can answer the investors’ call.</p>"
        ),
        "body_fr": (
            "<p>Comme beaucoup de pays d’Afrique, le Rwanda compte de nombreux ressortissants à l’étranger, qui jouent un rôle important dans son développement socio-économique. Avec l’OIM Rwanda, l’OIM Allemagne et l’OIM Belgique et Luxembourg coordonnent diverses activités pour rapprocher de leur pays les membres de la diaspora rwandaise établis en Belgique et en Allemagne.</p>"
            "<p>En soutenant le retour temporaire de 30 membres qualifiés de la diaspora, qui transmettront leurs compétences pendant leur séjour au moyen de formations, l’OIM entend renforcer les secteurs rwandais de l’éducation et de la santé. L’objectif final est de créer dix projets pilotes innovants, nés des synergies entre la diaspora et les professionnels formés au Rwanda.</p>"
            "<p>Les membres de la diaspora rwandaise intéressés sont invités à s’inscrire à la prochaine séance d’information à Bruxelles (date à déterminer), présentée sur cette page. Les investisseurs intéressés par l’un des projets pilotes peuvent répondre à l’appel aux investisseurs.</p>"
        ),
        "status": Project.Status.ONGOING,
        "is_featured": True,
        "origin": ["RW"],
        "residence": ["BE", "DE"],
        "sectors": ["health", "education"],
        "partners": ["IOM Rwanda", "IOM Germany", "IOM Belgium and Luxembourg"],
        "funder": None,
        # (English label, French label, goal, progress): None is "not known".
        "targets": [
            ("Skilled diaspora members temporarily relocated to Rwanda", "Membres qualifiés de la diaspora en retour temporaire au Rwanda", 30, None),
            ("Innovative pilot projects created", "Projets pilotes innovants créés", 10, None),
        ],
    },
    {
        "slug_en": "mauritania-circular-temporary-migration",
        "slug_fr": "mauritanie-migration-circulaire-temporaire",
        "title_en": "Support to circular and temporary migration of the Mauritanian diaspora",
        "title_fr": "Appui à la migration circulaire et temporaire de la diaspora mauritanienne",
        "summary_en": "The initiative aims to temporarily move 20 qualified members of the Mauritanian diaspora from the Benelux, France and Germany to support capacity-building and skills development in public institutions of Mauritania.",
        "summary_fr": "L’initiative vise le retour temporaire de 20 membres qualifiés de la diaspora mauritanienne du Benelux, de France et d’Allemagne, pour renforcer les capacités et les compétences des institutions publiques de la Mauritanie.",
        "body_en": (
            "<p>In June 2019, IOM organised meetings in Brussels, Frankfurt and Paris for members of the Mauritanian diaspora living in the Benelux, France and Germany. The initiative aims to temporarily move 20 qualified diaspora members to support capacity-building and skills development in public institutions of their country of origin.</p>"
            "<p>After these meetings, 37 diaspora experts from Belgium, Germany and France expressed their interest as potential candidates. In the coming months, IOM will follow up on the activities of the selected members.</p>"
        ),
        "body_fr": (
            "<p>En juin 2019, l’OIM a organisé des rencontres à Bruxelles, Francfort et Paris pour les membres de la diaspora mauritanienne établis au Benelux, en France et en Allemagne. L’initiative vise à faire revenir temporairement 20 membres qualifiés de la diaspora pour contribuer au renforcement des capacités et au développement des compétences des institutions publiques de leur pays d’origine.</p>"
            "<p>À l’issue de ces rencontres, 37 experts de la diaspora venus de Belgique, d’Allemagne et de France se sont déclarés candidats potentiels. Dans les mois qui viennent, l’OIM suivra les activités des membres sélectionnés.</p>"
        ),
        "status": Project.Status.ONGOING,
        "is_featured": True,
        "origin": ["MR"],
        "residence": ["BE", "NL", "LU", "FR", "DE"],
        "sectors": ["public-administration"],
        "partners": [],  # the newsletter names no office or partner beside "IOM"
        "funder": None,
        "targets": [
            ("Qualified diaspora members temporarily in Mauritania", "Membres qualifiés de la diaspora en retour temporaire en Mauritanie", 20, None),
            ("Diaspora experts who expressed their interest after the June 2019 meetings", "Experts de la diaspora qui se sont déclarés intéressés après les rencontres de juin 2019", None, 37),
        ],
    },
    {
        "slug_en": "niger-community-projects",
        "slug_fr": "niger-projets-communautaires",
        "title_en": "Diaspora and community projects in Niger",
        "title_fr": "La diaspora et les projets communautaires au Niger",
        "summary_en": "IOM Belgium’s mission to collective and community-based projects in Niger, such as irrigation in Toro, and the job fair in Tahoua organised by IOM Niger, the CIPMEN incubator and the University of Tahoua.",
        "summary_fr": "La mission de l’OIM Belgique auprès de projets collectifs et communautaires au Niger, comme l’irrigation à Toro, et le salon de l’emploi de Tahoua organisé par l’OIM Niger, l’incubateur CIPMEN et l’Université de Tahoua.",
        "body_en": (
            "<p>In March 2019, IOM Belgium organised a mission to Niger to gain a better insight into several collective and community-based projects, such as an irrigation project in Toro.</p>"
            "<p>During the mission, IOM Belgium also attended a job fair in Tahoua organised by IOM Niger, the local incubator CIPMEN and the University of Tahoua, an event that brought together thousands of visitors, diaspora members among them.</p>"
            "<p>On 5 October, IOM Belgium spoke at the Rencontre des Nigériens d’Europe to explain IOM’s involvement in Niger and the relation between migration and development.</p>"
        ),
        "body_fr": (
            "<p>En mars 2019, l’OIM Belgique a organisé une mission au Niger pour mieux connaître plusieurs projets collectifs et communautaires, comme un projet d’irrigation à Toro.</p>"
            "<p>Pendant cette mission, l’OIM Belgique a aussi participé au salon de l’emploi de Tahoua, organisé par l’OIM Niger, l’incubateur local CIPMEN et l’Université de Tahoua, un événement qui a attiré des milliers de visiteurs, dont des membres de la diaspora.</p>"
            "<p>Le 5 octobre, l’OIM Belgique a pris la parole à la Rencontre des Nigériens d’Europe pour présenter l’action de l’OIM au Niger et le lien entre migration et développement.</p>"
        ),
        "status": Project.Status.ONGOING,
        "is_featured": False,
        "origin": ["NE"],
        "residence": [],  # the newsletter says "Nigériens d’Europe", no country
        "sectors": ["agriculture", "employment"],
        "partners": ["IOM Niger", "IOM Belgium and Luxembourg"],
        "funder": None,
        "targets": [],
    },
    {
        "slug_en": "empowering-female-diaspora-associations",
        "slug_fr": "renforcer-associations-femmes-diaspora",
        "title_en": "Empowering Female Diaspora Associations",
        "title_fr": "Renforcer les associations de femmes de la diaspora",
        "summary_en": "Eleven African diaspora women’s associations in Belgium took part in a tailored capacity-building programme to strengthen their role in the development of their countries of origin.",
        "summary_fr": "Onze associations de femmes de la diaspora africaine établies en Belgique ont suivi un programme de renforcement des capacités sur mesure, pour affirmer leur rôle dans le développement de leurs pays d’origine.",
        "body_en": (
            "<p>In the spirit of IOM’s 3E strategy for diaspora and with the financial support of the Belgian Development Cooperation, IOM Belgium contributed to a project on Empowering Female Diaspora Associations to Strengthen their Role in the Development of Countries of Origin.</p>"
            "<p>Although the IOM Country Office in Belgium had been involved in other diaspora projects, a gender-specific approach towards diaspora was rather innovative. Eleven African diaspora women’s associations residing in Belgium were selected for a tailored capacity-building programme. The training modules helped the women increase the visibility of their associations and strengthen their role and capacities as effective agents of projects supporting the development of their countries of origin.</p>"
        ),
        "body_fr": (
            "<p>Dans l’esprit de la stratégie des 3E de l’OIM en faveur de la diaspora et avec le soutien financier de la Coopération belge au développement, l’OIM Belgique a contribué à un projet destiné à renforcer les associations de femmes de la diaspora dans leur rôle pour le développement des pays d’origine.</p>"
            "<p>Le bureau de l’OIM en Belgique avait déjà mené d’autres projets avec la diaspora, mais une approche qui tienne compte du genre était assez nouvelle. Onze associations de femmes de la diaspora africaine établies en Belgique ont été retenues pour un programme de renforcement des capacités sur mesure. Les modules de formation ont aidé ces femmes à mieux faire connaître leurs associations et à affirmer leur rôle et leurs capacités d’actrices à part entière des projets qui soutiennent le développement de leurs pays d’origine.</p>"
        ),
        "status": Project.Status.COMPLETED,
        "is_featured": False,
        "origin": [],
        "residence": ["BE"],
        "sectors": ["civil-society", "gender-equality"],
        "partners": ["IOM Belgium and Luxembourg"],
        "funder": "Belgian Development Cooperation",
        "targets": [
            ("Women’s diaspora associations in the programme", "Associations de femmes de la diaspora dans le programme", None, 11),
        ],
    },
]  # fmt: skip

OFFICER_EMAIL = "diaspora-programmes@example.org"
# The source names no contact person or address: the demo's contact is marked as an example
# (and its address is on example.org, which the identity check also flags).
EXAMPLE_CONTACT = {
    "contact_role_en": "Diaspora programme team (example contact)",
    "contact_role_fr": "Équipe des programmes diaspora (contact d’exemple)",
}

CALLS = [
    {
        "project": "rwanda-diaspora-health-education",
        "kind": Call.Kind.CANDIDATES,
        "slug_en": "rwanda-health-education-professionals",
        "slug_fr": "rwanda-professionnels-sante-education",
        "title_en": "Example: Skilled Rwandan diaspora members for health and education in Rwanda",
        "title_fr": "Exemple\u202f: Membres qualifiés de la diaspora rwandaise pour la santé et l’éducation au Rwanda",
        "description_en": "<p><strong>This call is an example.</strong> The newsletter describes the project but announces no call with dates: the call and its opening date are made up so that the form can be tried.</p><p>The project supports the temporary relocation to Rwanda of 30 skilled members of the Rwandan diaspora living in Belgium or Germany. During their stay, they will transfer their skills through training sessions, to strengthen the Rwandan health and education sectors.</p><p>The length and conditions of the stay have not been announced yet.</p>",
        "description_fr": "<p><strong>Cet appel est un exemple.</strong> La lettre d’information présente le projet mais n’annonce aucun appel daté\u202f: l’appel et sa date d’ouverture sont inventés pour que l’on puisse essayer le formulaire.</p><p>Le projet soutient le retour temporaire au Rwanda de 30 membres qualifiés de la diaspora rwandaise vivant en Belgique ou en Allemagne. Pendant leur séjour, ils transmettront leurs compétences au moyen de formations, pour renforcer les secteurs rwandais de la santé et de l’éducation.</p><p>La durée et les conditions du séjour n’ont pas encore été annoncées.</p>",
        "eligibility_en": "Member of the Rwandan diaspora living in Belgium or Germany\nSkilled in health or education\nReady to pass on your skills through training sessions during your stay in Rwanda",
        "eligibility_fr": "Être membre de la diaspora rwandaise et vivre en Belgique ou en Allemagne\nÊtre qualifié dans la santé ou l’éducation\nÊtre prêt à transmettre ses compétences par des formations pendant son séjour au Rwanda",
    },
    {
        "project": "mauritania-circular-temporary-migration",
        "kind": Call.Kind.CANDIDATES,
        "slug_en": "mauritania-public-institutions-experts",
        "slug_fr": "mauritanie-experts-institutions-publiques",
        "title_en": "Example: Qualified Mauritanian diaspora members to support public institutions",
        "title_fr": "Exemple\u202f: Membres qualifiés de la diaspora mauritanienne en appui aux institutions publiques",
        "description_en": "<p><strong>This call is an example.</strong> The newsletter describes the project but announces no call with dates: the call and its opening date are made up so that the form can be tried.</p><p>The project “Support to Circular and Temporary Migration of the Mauritanian Diaspora” aims to temporarily move 20 qualified members of the diaspora living in the Benelux, France or Germany to Mauritania, to support capacity-building and skills development in its public institutions.</p><p>The length and conditions of the assignments have not been announced yet.</p>",
        "description_fr": "<p><strong>Cet appel est un exemple.</strong> La lettre d’information présente le projet mais n’annonce aucun appel daté\u202f: l’appel et sa date d’ouverture sont inventés pour que l’on puisse essayer le formulaire.</p><p>Le projet «\u202fAppui à la migration circulaire et temporaire de la diaspora mauritanienne\u202f» vise le retour temporaire en Mauritanie de 20 membres qualifiés de la diaspora vivant au Benelux, en France ou en Allemagne, pour contribuer au renforcement des capacités et au développement des compétences de ses institutions publiques.</p><p>La durée et les conditions des missions n’ont pas encore été annoncées.</p>",
        "eligibility_en": "Member of the Mauritanian diaspora living in the Benelux, France or Germany\nQualified to support capacity-building and skills development in a public institution",
        "eligibility_fr": "Être membre de la diaspora mauritanienne et vivre au Benelux, en France ou en Allemagne\nÊtre qualifié pour contribuer au renforcement des capacités et des compétences d’une institution publique",
    },
    {
        "project": "rwanda-diaspora-health-education",
        "kind": Call.Kind.INVESTORS,
        "slug_en": "rwanda-pilot-projects-investors",
        "slug_fr": "rwanda-projets-pilotes-investisseurs",
        "title_en": "Example: Invest in the Rwanda health and education pilot projects",
        "title_fr": "Exemple\u202f: Investir dans les projets pilotes de santé et d’éducation au Rwanda",
        "description_en": "<p><strong>This call is an example.</strong> The newsletter describes the project but announces no call with dates: the call and its opening date are made up so that the form can be tried.</p><p>The project aims to create ten innovative pilot projects through synergies between the diaspora and trained Rwandan professionals. Interested in investing in one of them? Tell us about your interest.</p>",
        "description_fr": "<p><strong>Cet appel est un exemple.</strong> La lettre d’information présente le projet mais n’annonce aucun appel daté\u202f: l’appel et sa date d’ouverture sont inventés pour que l’on puisse essayer le formulaire.</p><p>Le projet vise à créer dix projets pilotes innovants, nés des synergies entre la diaspora et les professionnels formés au Rwanda. Vous souhaitez investir dans l’un d’eux\u202f? Faites-nous part de votre intérêt.</p>",
        "eligibility_en": "Investors and organisations wishing to invest in one of the pilot projects in Rwanda’s health or education sectors",
        "eligibility_fr": "Investisseurs et organisations souhaitant investir dans l’un des projets pilotes des secteurs rwandais de la santé ou de l’éducation",
    },
]  # fmt: skip


# Matching criteria as far as the newsletter states them (English slug of the call): who is
# sought ("Rwandan diaspora members", "Mauritanian diaspora"), in which sectors, and that
# they travel ("temporary relocation", "temporarily move"). It gives no years nor languages.
CRITERIA = {
    "rwanda-health-education-professionals": {
        "countries": ["RW"],
        "sectors": ["health", "education"],
        "skills": ["health-services", "teaching", "training"],
        "work_mode": "on-site",
    },
    "mauritania-public-institutions-experts": {
        "countries": ["MR"],
        "sectors": ["public-administration"],
        "skills": ["public-administration", "institutional-capacity-building"],
        "work_mode": "on-site",
    },
}


def call_opening() -> datetime:
    """Opened yesterday, on the hour: the newsletter gives no dates, and a call must open to
    be tried. No closing date is announced, so the calls stay open (`closes_at` empty)."""
    now = timezone.localtime(timezone.now(), ZoneInfo(settings.TIME_ZONE))
    return now.replace(minute=0, second=0, microsecond=0) - timedelta(days=1)


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
    skills = {}
    for code, name_en, name_fr, sector in SKILLS:
        skills[code], was_created = Skill.objects.get_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "sector": sectors[sector] if sector else None,
            },
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
            defaults={
                **data,
                **EXAMPLE_CONTACT,
                "contact_email": OFFICER_EMAIL,
                "funder": partners[funder] if funder else None,
            },
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
    opens_at = call_opening()
    for data in CALLS:
        data = dict(data)
        project = projects[data.pop("project")]
        call, was_created = Call.objects.get_or_create(
            slug_en=data["slug_en"],
            defaults={
                **data,
                **EXAMPLE_CONTACT,
                "project": project,
                "opens_at": opens_at,
                "closes_at": None,
                "officer_email": OFFICER_EMAIL,
            },
        )
        created += was_created
        criteria = CRITERIA.get(data["slug_en"])
        if criteria and not has_criteria(call):
            call.match_countries.set([countries[c] for c in criteria["countries"]])
            call.match_sectors.set([sectors[c] for c in criteria["sectors"]])
            call.match_skills.set([skills[c] for c in criteria["skills"]])
            call.match_work_mode = criteria["work_mode"]
            call.save(update_fields=["match_work_mode"])
    return created


def has_criteria(call: Call) -> bool:
    """Criteria are given to a call that has none (a new one, or one from a demo loaded
    before calls had criteria): staff's own criteria survive a second run."""
    return bool(
        call.match_work_mode
        or call.match_min_years is not None
        or call.match_countries.exists()
        or call.match_sectors.exists()
        or call.match_skills.exists()
        or call.match_languages.exists()
    )
