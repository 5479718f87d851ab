"""Demo content for the site pages: the organisation's introduction, from the newsletter."""

from portal.core.models import Page, SiteSettings

ABOUT_BODY_EN = """
<p>At the International Organization for Migration (IOM), we aim to contribute to a better understanding of the links between migration and development while building bridges between host and home societies. Based on decades of experience in this area, IOM is aware of the potential of diaspora communities for what concerns their expertise, commitment and cultural affinity with their country of origin.</p>
<h2>The 3E approach: enable, engage, empower</h2>
<p>IOM Belgium and Luxembourg fully supports the global 3E strategic approach of <strong>enabling</strong>, <strong>engaging</strong> and <strong>empowering</strong> diaspora communities who want to maintain and improve dialogue across borders. In this framework, IOM is reinforcing diaspora-related activities in Belgium and Luxembourg. To expand IOM’s network and to strengthen transnational communities, several projects mainly targeting African countries are initiated and supported. The focus of these projects is on the mobilisation of skills, remittances, resources and knowledge in order to boost sustainable socio-economic development.</p>
<h2>A platform for dialogue</h2>
<p>With this portal, IOM Belgium and Luxembourg would like to set up a dialogue with you and create a platform for debate that will benefit all. We hope to increase awareness and opportunities by bringing together different actors interested in diaspora engagement, to share the experience and knowledge gained through projects implemented globally, and to launch calls for cooperation for those who want to take part in one of IOM’s projects and have a cross-border impact.</p>
<p>Our focus countries of origin are Morocco, Senegal, Mali, Guinea, Burkina Faso, Benin, Niger, Uganda, Tanzania, Rwanda, Burundi, the Democratic Republic of the Congo, Mozambique and the Palestinian Territory.</p>
"""

ABOUT_BODY_FR = """
<p>À l’Organisation internationale pour les migrations (OIM), nous voulons contribuer à une meilleure compréhension des liens entre migration et développement, tout en jetant des ponts entre sociétés d’accueil et sociétés d’origine. Forte de plusieurs décennies d’expérience dans ce domaine, l’OIM connaît le potentiel des communautés de la diaspora\u202f: leur expertise, leur engagement et leur affinité culturelle avec leur pays d’origine.</p>
<h2>L’approche 3E\u202f: permettre, mobiliser, autonomiser</h2>
<p>L’OIM Belgique et Luxembourg soutient pleinement l’approche stratégique mondiale «\u202f3E\u202f» (<em>enable, engage, empower</em>) qui consiste à <strong>permettre</strong>, <strong>mobiliser</strong> et <strong>autonomiser</strong> les communautés de la diaspora qui souhaitent entretenir et améliorer le dialogue par-delà les frontières. Dans ce cadre, l’OIM renforce ses activités liées à la diaspora en Belgique et au Luxembourg. Pour élargir son réseau et renforcer les communautés transnationales, l’OIM lance et soutient plusieurs projets visant principalement des pays africains. Ces projets mettent l’accent sur la mobilisation des compétences, des transferts de fonds, des ressources et des connaissances afin de favoriser un développement socio-économique durable.</p>
<h2>Une plateforme de dialogue</h2>
<p>Avec ce portail, l’OIM Belgique et Luxembourg souhaite engager le dialogue avec vous et créer un espace de débat qui profite à toutes et à tous. Nous espérons multiplier les occasions et faire connaître les initiatives en réunissant les différents acteurs intéressés par l’engagement de la diaspora, partager l’expérience et les connaissances acquises grâce aux projets menés dans le monde entier, et lancer des appels à coopération pour celles et ceux qui veulent participer à l’un des projets de l’OIM et avoir un impact au-delà des frontières.</p>
<p>Nos pays d’origine prioritaires sont le Maroc, le Sénégal, le Mali, la Guinée, le Burkina Faso, le Bénin, le Niger, l’Ouganda, la Tanzanie, le Rwanda, le Burundi, la République démocratique du Congo, le Mozambique et le Territoire palestinien.</p>
"""

PRIVACY_BODY_EN = """
<p>This notice explains what personal data the portal keeps, why, and for how long. It covers what the portal itself does with the data you send through it.</p>
<h2>What we keep and why</h2>
<ul>
<li><strong>Newsletter subscribers</strong>: your email address and preferred language, with the time you gave your consent, so that we can send you the newsletter. You can unsubscribe from any email.</li>
<li><strong>Event registrations</strong>: your name, contact details and the needs you tell us about, so that we can organise the event and contact you about it.</li>
<li><strong>Applications and expressions of interest</strong>: the information and documents you send us in answer to a call for cooperation, so that programme officers can review them.</li>
</ul>
<h2>Who can see it</h2>
<p>Only authorised staff of the office see your data. Nothing you send us is ever shown on a public page.</p>
<h2>How long we keep it</h2>
<p>Each kind of record is kept for a limited period, after which it is deleted or anonymised automatically. Ask us at any time for a copy of everything we hold about your email address, or for its erasure, using the contact address at the bottom of this page.</p>
<h2>To be completed by the organisation</h2>
<p>This is the demo's notice. Before the site goes live, the organisation adds who the data controller is, the legal basis of each use of your data, how to reach its data protection officer, and to which supervisory authority you can complain.</p>
"""

PRIVACY_BODY_FR = """
<p>Cette notice explique quelles données personnelles le portail conserve, pourquoi et pendant combien de temps. Elle décrit ce que le portail fait lui-même des données que vous lui confiez.</p>
<h2>Ce que nous conservons et pourquoi</h2>
<ul>
<li><strong>Abonnés à la lettre d’information</strong>\u202f: votre adresse de courriel et votre langue préférée, avec la date de votre consentement, afin de vous envoyer la lettre d’information. Vous pouvez vous désabonner depuis chaque courriel.</li>
<li><strong>Inscriptions aux événements</strong>\u202f: votre nom, vos coordonnées et les besoins que vous nous signalez, afin d’organiser l’événement et de vous contacter à son sujet.</li>
<li><strong>Candidatures et manifestations d’intérêt</strong>\u202f: les informations et documents que vous nous envoyez en réponse à un appel à coopération, afin que les chargés de programme puissent les examiner.</li>
</ul>
<h2>Qui peut les voir</h2>
<p>Seul le personnel autorisé du bureau voit vos données. Rien de ce que vous nous envoyez n’apparaît jamais sur une page publique.</p>
<h2>Combien de temps nous les conservons</h2>
<p>Chaque type de donnée est conservé pendant une durée limitée, au terme de laquelle il est supprimé ou anonymisé automatiquement. Vous pouvez nous demander à tout moment une copie de tout ce que nous détenons sur votre adresse de courriel, ou son effacement, à l’adresse de contact indiquée en bas de cette page.</p>
<h2>À compléter par l’organisation</h2>
<p>Ceci est la notice de démonstration. Avant la mise en ligne, l’organisation y ajoute l’identité du responsable du traitement, la base légale de chaque usage de vos données, le moyen de joindre son délégué à la protection des données et l’autorité de contrôle auprès de laquelle vous pouvez introduire une réclamation.</p>
"""

PAGES = [
    {
        "key": Page.Key.ABOUT,
        "title_en": "About us",
        "title_fr": "Qui sommes-nous",
        "slug_en": "about",
        "slug_fr": "a-propos",
        "summary_en": (
            "We link African diaspora communities in Europe with their countries of origin: "
            "skills transfer, investment in pilot projects and support to associations."
        ),
        "summary_fr": (
            "Nous relions les communautés de la diaspora africaine en Europe à leurs pays "
            "d’origine\u202f: transfert de compétences, investissement dans des projets pilotes et "
            "soutien aux associations."
        ),
        "body_en": ABOUT_BODY_EN,
        "body_fr": ABOUT_BODY_FR,
    },
    {
        "key": Page.Key.PRIVACY,
        "title_en": "Privacy notice",
        "title_fr": "Politique de confidentialité",
        "slug_en": "privacy",
        "slug_fr": "confidentialite",
        "summary_en": "What personal data we keep, why, and for how long.",
        "summary_fr": "Quelles données personnelles nous conservons, pourquoi et combien de temps.",
        "body_en": PRIVACY_BODY_EN,
        "body_fr": PRIVACY_BODY_FR,
        "version": "2026-11",
    },
]


def load() -> int:
    created = 0
    # Clearly fictional identity, marked as demo content: the admin and, in production, a
    # system check (portal.W010) say so until staff replace it (SiteSettings.placeholders).
    _settings, was_created = SiteSettings.objects.get_or_create(
        pk=1,
        defaults={
            "site_name_en": "Diaspora Portal",
            "site_name_fr": "Portail de la diaspora",
            "short_name_en": "Diaspora Portal",
            "short_name_fr": "Portail diaspora",
            "tagline_en": "Linking diaspora communities with their countries of origin",
            "tagline_fr": "Relier les communautés de la diaspora à leurs pays d’origine",
            "organisation_name_en": "Demo organisation (fictional)",
            "organisation_name_fr": "Organisation de démonstration (fictive)",
            "address_en": "Demo address (fictional)",
            "address_fr": "Adresse de démonstration (fictive)",
            "contact_email": "contact@example.org",
        },
    )
    created += was_created
    for data in PAGES:
        data = dict(data)
        _page, was_created = Page.objects.get_or_create(key=data.pop("key"), defaults=data)
        created += was_created
    return created
