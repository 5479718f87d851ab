# ruff: noqa: E501
"""The demo newsletter issue: the English original from ../shared/content and its French
translation. Plain data; newsletter/demo.py loads it.

French typography: typographic apostrophes (’) and a narrow no-break space (\\u202f) before
; : ! ? and inside « ». Only what the newsletter says: it gives no date (the issue is dated
the day it is put on the portal, newsletter/demo.py), and its interviews and video are not
available here. Its calls to action are links filled in at load time: {project_url},
{event_url} (the Rwanda info session) and {contact_url}.
"""

ISSUE = {
    "number": 1,
    "title_en": "Diaspora Newsletter",
    "title_fr": "Lettre d’information de la diaspora",
    "intro_en": (
        "<p>At the International Organization for Migration (IOM), we aim to contribute to a better understanding of the links between migration and development while building bridges between host and home societies. Based on decades of experience in this area, IOM is aware of the potential of diaspora communities for what concerns their expertise, commitment and cultural affinity with their country of origin.</p>"
        "<p>IOM Belgium and Luxembourg fully supports the global 3E strategic approach of enabling, engaging and empowering diaspora communities who want to maintain and improve dialogue across borders. In this framework, IOM is reinforcing diaspora-related activities in Belgium and Luxembourg. To expand IOM’s network and to strengthen transnational communities, several projects mainly targeting African countries are initiated and supported. The focus of these projects is on the mobilization of skills, remittances, resources and knowledge in order to boost sustainable socio-economic development.</p>"
        "<p>With this newsletter, IOM Belgium and Luxembourg would like to set up a dialogue with you and create a platform for debate that will benefit all. We hope to increase awareness and opportunities by bringing together different actors interested in diaspora engagement. Additionally, IOM Belgium and Luxembourg would also use this opportunity to share its experience and knowledge gained through projects implemented globally. At the same time, this platform will be used to launch calls for cooperation for those who are interested in participating in one of IOM’s projects and want to have a cross-border impact.</p>"
        "<p>The countries concerned include Morocco, Senegal, Mali, Guinea, Burkina Faso, Benin, Niger, Uganda, Tanzania, Rwanda, Burundi, the Democratic Republic of the Congo, Mozambique and the Palestinian Territory.</p>"
    ),
    "intro_fr": (
        "<p>À l’Organisation internationale pour les migrations (OIM), nous souhaitons contribuer à une meilleure compréhension des liens entre migration et développement, tout en jetant des ponts entre les sociétés d’accueil et les sociétés d’origine. Forte de plusieurs décennies d’expérience dans ce domaine, l’OIM est consciente du potentiel que représentent les communautés de la diaspora, en raison de leur expertise, de leur engagement et de leur affinité culturelle avec leur pays d’origine.</p>"
        "<p>L’OIM Belgique et Luxembourg soutient pleinement l’approche stratégique mondiale des «\u202f3E\u202f», qui consiste à permettre, mobiliser et autonomiser les communautés de la diaspora souhaitant maintenir et améliorer le dialogue par-delà les frontières. Dans ce cadre, l’OIM renforce ses activités en lien avec la diaspora en Belgique et au Luxembourg. Afin d’élargir le réseau de l’OIM et de renforcer les communautés transnationales, plusieurs projets visant principalement des pays africains sont lancés et soutenus. Ces projets sont axés sur la mobilisation des compétences, des transferts de fonds, des ressources et des connaissances, afin de stimuler un développement socio-économique durable.</p>"
        "<p>Par cette lettre d’information, l’OIM Belgique et Luxembourg souhaite nouer le dialogue avec vous et créer un espace de débat qui profite à toutes et à tous. Nous espérons mieux faire connaître les initiatives existantes et multiplier les possibilités en rassemblant les différents acteurs intéressés par l’engagement de la diaspora. L’OIM Belgique et Luxembourg saisit également cette occasion pour partager l’expérience et les connaissances acquises grâce aux projets mis en œuvre dans le monde entier. Cette plateforme servira en outre à lancer des appels à coopération à l’intention de celles et ceux qui souhaitent participer à l’un des projets de l’OIM et avoir un impact au-delà des frontières.</p>"
        "<p>Les pays concernés sont notamment le Maroc, le Sénégal, le Mali, la Guinée, le Burkina Faso, le Bénin, le Niger, l’Ouganda, la Tanzanie, le Rwanda, le Burundi, la République démocratique du Congo, le Mozambique et le Territoire palestinien.</p>"
    ),
}

ARTICLES = [
    {
        "key": "female-diaspora-associations",
        "title_en": "Empowering female diaspora associations in Belgium",
        "title_fr": "Renforcer les associations de femmes de la diaspora en Belgique",
        "slug_en": "empowering-female-diaspora-associations",
        "slug_fr": "renforcer-les-associations-de-femmes-de-la-diaspora",
        "summary_en": "With the support of the Belgian Development Cooperation, eleven African diaspora women’s associations in Belgium took part in a tailored capacity-building program.",
        "summary_fr": "Avec le soutien de la Coopération belge au développement, onze associations de femmes de la diaspora africaine établies en Belgique ont suivi un programme de renforcement des capacités sur mesure.",
        "body_en": (
            "<p>In the spirit of IOM’s 3E Strategy for Diaspora and with the financial support of the Belgian Development Cooperation, IOM Belgium contributed to a project on <em>Empowering Female Diaspora Associations to Strengthen their Role in the Development of Countries of Origin</em>.</p>"
            "<p>Although the IOM Country Office in Belgium has been involved in other diaspora projects, a gender-specific approach towards diaspora was rather innovative. Eleven African diaspora women’s associations residing in Belgium were selected to participate in a tailored capacity-building program. The training modules supported the women in increasing the visibility of their associations, as well as strengthening their role and capacities as effective agents in projects supporting the development of their countries of origin.</p>"
            '<p>In interviews, the participants explained what they have been doing, and a short video highlighted the project’s success stories; neither the interviews nor the video is available on this portal. <a href="{project_url}">Read more about the project</a>.</p>'
        ),
        "body_fr": (
            "<p>Dans l’esprit de la stratégie des 3E de l’OIM en faveur de la diaspora et avec le soutien financier de la Coopération belge au développement, l’OIM Belgique a contribué au projet <em>Renforcer l’autonomie des associations de femmes de la diaspora pour consolider leur rôle dans le développement des pays d’origine</em>.</p>"
            "<p>Si le bureau de pays de l’OIM en Belgique avait déjà participé à d’autres projets en faveur de la diaspora, une approche de la diaspora tenant compte du genre était plutôt novatrice. Onze associations de femmes de la diaspora africaine établies en Belgique ont été sélectionnées pour participer à un programme de renforcement des capacités sur mesure. Les modules de formation ont aidé ces femmes à accroître la visibilité de leurs associations, ainsi qu’à renforcer leur rôle et leurs capacités en tant qu’actrices efficaces de projets qui soutiennent le développement de leurs pays d’origine.</p>"
            '<p>Dans des entretiens, les participantes ont raconté ce qu’elles avaient réalisé, et une courte vidéo a présenté les réussites du projet\u202f; ni ces entretiens ni la vidéo ne sont disponibles sur ce portail. <a href="{project_url}">En savoir plus sur le projet</a>.</p>'
        ),
        "image_alt_en": "",
        "image_alt_fr": "",
        "image_caption_en": "",
        "image_caption_fr": "",
        "video_url": "",
    },
    {
        "key": "iom-belgium-and-niger",
        "title_en": "IOM Belgium and Niger",
        "title_fr": "L’OIM Belgique et le Niger",
        "slug_en": "iom-belgium-and-niger",
        "slug_fr": "l-oim-belgique-et-le-niger",
        "summary_en": "IOM Belgium visited community-based projects in Niger, attended the job fair in Tahoua and spoke at the Rencontre des Nigériens d’Europe.",
        "summary_fr": "L’OIM Belgique a visité des projets communautaires au Niger, participé au salon de l’emploi de Tahoua et pris la parole à la Rencontre des Nigériens d’Europe.",
        "body_en": (
            "<p>In March 2019, IOM Belgium organized a mission to Niger to gain a better insight into several collective and community-based projects, such as an irrigation project in Toro. During the mission, IOM Belgium also attended a job fair in Tahoua organized by IOM Niger, the local incubator CIPMEN and the University of Tahoua, which united thousands of visitors including diaspora members.</p>"
            "<p>More recently, on 5 October, IOM Belgium attended and spoke at the Rencontre des Nigériens d’Europe to explain IOM’s involvement in Niger, and the relation between migration and development.</p>"
        ),
        "body_fr": (
            "<p>En mars 2019, l’OIM Belgique a organisé une mission au Niger afin de mieux connaître plusieurs projets collectifs et communautaires, comme un projet d’irrigation à Toro. Au cours de cette mission, l’OIM Belgique a également assisté au salon de l’emploi de Tahoua, organisé par l’OIM Niger, l’incubateur local CIPMEN et l’Université de Tahoua, qui a réuni des milliers de visiteurs, parmi lesquels des membres de la diaspora.</p>"
            "<p>Plus récemment, le 5 octobre, l’OIM Belgique a participé à la Rencontre des Nigériens d’Europe, où elle a pris la parole pour présenter l’action de l’OIM au Niger ainsi que les liens entre migration et développement.</p>"
        ),
        "image_alt_en": "",
        "image_alt_fr": "",
        "image_caption_en": "",
        "image_caption_fr": "",
        "video_url": "",
    },
    {
        "key": "rwanda-health-education-diaspora",
        "title_en": "Diaspora in Belgium and Germany to support health and education sectors in Rwanda",
        "title_fr": "La diaspora de Belgique et d’Allemagne au service de la santé et de l’éducation au Rwanda",
        "slug_en": "diaspora-support-health-education-rwanda",
        "slug_fr": "diaspora-sante-education-rwanda",
        "summary_en": "IOM aims to support thirty skilled Rwandan diaspora members from Belgium and Germany in passing on their skills to Rwanda’s health and education sectors during a temporary stay, and to create ten innovative pilot projects.",
        "summary_fr": "Trente membres qualifiés de la diaspora rwandaise de Belgique et d’Allemagne doivent, lors d’un retour temporaire, transmettre leurs compétences aux secteurs rwandais de la santé et de l’éducation, et dix projets pilotes innovants doivent voir le jour.",
        "body_en": (
            '<p>Like many countries in Africa, Rwanda has a large number of nationals living abroad and playing an important role in Rwanda’s socio-economic development. Together with IOM Rwanda, IOM Germany and IOM Belgium and Luxembourg are coordinating various activities linking Rwandan diaspora members in Belgium and Germany to their home country. By supporting the temporary relocation of 30 skilled diaspora members who will transfer their skills during their stay through training sessions, IOM aims to strengthen the Rwandan education and health sectors. The ultimate aim is to create ten innovative pilot projects by establishing synergies between the diaspora and trained Rwandan professionals. <a href="{project_url}">Learn more about these activities</a>.</p>'
            '<p>Interested Rwandan diaspora members are encouraged to <a href="{event_url}">register for the upcoming info session in Brussels</a> (date to be determined).</p>'
            '<p>Interested in investing in one of the pilot projects? <a href="{contact_url}">Contact IOM Belgium</a>.</p>'
        ),
        "body_fr": (
            '<p>Comme de nombreux pays d’Afrique, le Rwanda compte un grand nombre de ressortissants qui vivent à l’étranger et jouent un rôle important dans son développement socio-économique. En collaboration avec l’OIM Rwanda, l’OIM Allemagne et l’OIM Belgique et Luxembourg coordonnent diverses activités visant à rapprocher de leur pays d’origine les membres de la diaspora rwandaise établis en Belgique et en Allemagne. En soutenant le retour temporaire de 30 membres qualifiés de la diaspora, qui transmettront leurs compétences au cours de leur séjour par des sessions de formation, l’OIM entend renforcer les secteurs rwandais de l’éducation et de la santé. L’objectif final est de créer dix projets pilotes innovants, nés des synergies entre la diaspora et les professionnels formés au Rwanda. <a href="{project_url}">En savoir plus sur ces activités</a>.</p>'
            '<p>Les membres de la diaspora rwandaise intéressés sont invités à <a href="{event_url}">s’inscrire à la prochaine séance d’information à Bruxelles</a> (date à déterminer).</p>'
            '<p>Vous souhaitez investir dans l’un des projets pilotes\u202f? <a href="{contact_url}">Contactez l’OIM Belgique</a>.</p>'
        ),
        "image_alt_en": "",
        "image_alt_fr": "",
        "image_caption_en": "",
        "image_caption_fr": "",
        "video_url": "",
    },
    {
        "key": "mauritania-public-sector-diaspora",
        "title_en": "Diaspora engagement to support the public sector in Mauritania",
        "title_fr": "L’engagement de la diaspora au service du secteur public en Mauritanie",
        "slug_en": "diaspora-engagement-public-sector-mauritania",
        "slug_fr": "engagement-diaspora-secteur-public-mauritanie",
        "summary_en": "In June 2019, IOM met members of the Mauritanian diaspora in Brussels, Frankfurt and Paris; 37 diaspora experts expressed their interest in supporting public institutions in Mauritania.",
        "summary_fr": "En juin 2019, l’OIM a rencontré des membres de la diaspora mauritanienne à Bruxelles, Francfort et Paris\u202f; 37 experts de la diaspora se sont dits intéressés par un appui aux institutions publiques en Mauritanie.",
        "body_en": (
            "<p>In June 2019, IOM organized meetings in Brussels, Frankfurt and Paris for the members of the Mauritanian diaspora residing in the Benelux, France and Germany, within the framework of the project “Support to Circular and Temporary Migration of the Mauritanian Diaspora”. The initiative aims to temporarily move 20 qualified diaspora members to support capacity-building and skills development of public institutions in their country of origin. After the event, 37 diaspora experts coming from Belgium, Germany and France expressed their interest as potential candidates. In the coming months, IOM will follow up on the activities of the selected Mauritanian diaspora members.</p>"
        ),
        "body_fr": (
            "<p>En juin 2019, l’OIM a organisé des rencontres à Bruxelles, Francfort et Paris à l’intention des membres de la diaspora mauritanienne résidant au Benelux, en France et en Allemagne, dans le cadre du projet «\u202fAppui à la migration circulaire et temporaire de la diaspora mauritanienne\u202f». L’initiative vise le retour temporaire de 20 membres qualifiés de la diaspora, afin d’appuyer le renforcement des capacités et le développement des compétences des institutions publiques de leur pays d’origine. À l’issue de ces rencontres, 37 experts de la diaspora venus de Belgique, d’Allemagne et de France ont manifesté leur intérêt en tant que candidats potentiels. Dans les mois à venir, l’OIM assurera le suivi des activités des membres de la diaspora mauritanienne sélectionnés.</p>"
        ),
        "image_alt_en": "",
        "image_alt_fr": "",
        "image_caption_en": "",
        "image_caption_fr": "",
        "video_url": "",
    },
]
