"""Demo content for questions and answers: a few questions a visitor might ask under the
newsletter's projects and the Rwanda info session, answered only with what the newsletter
(../shared/content) says. Each Q&A quotes the newsletter's sentences it rests on (`sources`;
tests/dialogue/test_demo.py checks that every number and name of an answer is in them).

They are examples and look it: each answer ends with a note saying so. The asker's display
name is left empty (stored data is shown in every language; pages show it as "Anonymous",
translated). Nobody should take them for real visitors.

Idempotent like every demo module: a Q&A is looked up by its item, the demo address and its
text in the language it was asked in, and created only when missing, so a second run
changes nothing and staff edits to the answers survive.
"""

from django.conf import settings
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from dialogue.models import ITEM_FIELDS, Question
from events.demo import RWANDA_INFO_SESSION

# A reserved domain (RFC 2606): the examples' asker is nobody.
DEMO_EMAIL = "example-questions@example.org"
DISPLAY_NAME = ""  # shown as "Anonymous" in the visitor's language
NOTE = {
    "en": "(This question and its answer are examples from the demo content: the answer only repeats what the newsletter says.)",
    "fr": "(Cette question et sa réponse sont des exemples du contenu de démonstration\u202f: la réponse ne fait que reprendre la lettre d’information.)",
}  # fmt: skip

QAS = [
    {
        "item": ("event", RWANDA_INFO_SESSION),
        "language": "en",
        "is_faq": True,
        "answered_by": Question.AnsweredBy.OFFICE,
        "sources": [
            "Interested Rwandan diaspora members are encouraged to register for the upcoming info session in Brussels (Date to be determined!)!",
        ],
        "text": {
            "en": "When will the info session in Brussels take place?",
            "fr": "Quand aura lieu la séance d’information à Bruxelles\u202f?",
        },
        "answer": {
            "en": "Its date is still to be determined. Interested Rwandan diaspora members are encouraged to register for the info session in Brussels.",
            "fr": "Sa date reste à déterminer. Les membres de la diaspora rwandaise intéressés sont invités à s’inscrire à la séance d’information à Bruxelles.",
        },
    },
    {
        "item": ("project", "rwanda-diaspora-health-education"),
        "language": "fr",
        "is_faq": True,
        "answered_by": Question.AnsweredBy.PROGRAMME,
        "sources": [
            "Interested in investing in one of the pilot projects?  Contact IOM Belgium.",
            "IOM Germany and IOM Belgium and Luxembourg are coordinating various activities linking Rwandan diaspora members in Belgium and Germany to their home country.",
            "The ultimate aim is to create ten innovative pilot projects by establishing synergies between the diaspora and the Rwandese trained professionals.",
        ],
        "text": {
            "fr": "J’aimerais investir dans l’un des projets pilotes. Qui dois-je contacter\u202f?",
            "en": "I would like to invest in one of the pilot projects. Whom should I contact?",
        },
        "answer": {
            "en": "Contact IOM Belgium. The project aims to create ten innovative pilot projects through synergies between the diaspora and trained Rwandan professionals.",
            "fr": "Contactez l’OIM Belgique. Le projet vise à créer dix projets pilotes innovants, nés des synergies entre la diaspora et les professionnels rwandais formés.",
        },
    },
    {
        "item": ("project", "rwanda-diaspora-health-education"),
        "language": "en",
        "is_faq": False,
        "answered_by": Question.AnsweredBy.PROGRAMME,
        "sources": [
            "IOM Germany and IOM Belgium and Luxembourg are coordinating various activities linking Rwandan diaspora members in Belgium and Germany to their home country.",
            "By supporting the temporary relocation of 30 skilled diaspora members that will transfer their skills during their stay through training sessions, IOM aims to strengthen the Rwandese education and health sectors.",
        ],
        "text": {
            "en": "How many diaspora members will go to Rwanda, and what will they do there?",
            "fr": "Combien de membres de la diaspora partiront au Rwanda, et qu’y feront-ils\u202f?",
        },
        "answer": {
            "en": "IOM supports the temporary relocation of 30 skilled diaspora members from Belgium and Germany, who will transfer their skills during their stay through training sessions, to strengthen the education and health sectors of Rwanda.",
            "fr": "L’OIM soutient l’affectation temporaire de 30 membres qualifiés de la diaspora de Belgique et d’Allemagne, qui transmettront leurs compétences pendant leur séjour lors de sessions de formation, pour renforcer les secteurs de l’éducation et de la santé du Rwanda.",
        },
    },
    {
        "item": ("project", "mauritania-circular-temporary-migration"),
        "language": "fr",
        "is_faq": True,
        "answered_by": Question.AnsweredBy.OFFICE,
        "sources": [
            "In June 2019, IOM organized meetings in Brussels, Frankfurt and Paris for the members of the Mauritanian diaspora",
            "The initiative aims to temporarily move 20 qualified diaspora members to support of capacity-building and skills development of public institutions in their country of origin.",
            "After the event, 37 diaspora experts coming from Belgium, Germany and France expressed their interest as potential candidates.",
            "In the coming months, IOM will follow up on the activities of selected Mauritanian diaspora members.",
        ],
        "text": {
            "fr": "Que se passe-t-il après les rencontres de juin 2019\u202f?",
            "en": "What happens after the June 2019 meetings?",
        },
        "answer": {
            "en": "After the meetings in Brussels, Frankfurt and Paris, 37 diaspora experts from Belgium, Germany and France expressed their interest as potential candidates. The newsletter reporting these meetings said that in the coming months IOM would follow up on the activities of selected Mauritanian diaspora members. The initiative aims to temporarily move 20 qualified diaspora members to support capacity-building and skills development of public institutions in their country of origin.",
            "fr": "Après les rencontres de Bruxelles, Francfort et Paris, 37 experts de la diaspora venus de Belgique, d’Allemagne et de France ont manifesté leur intérêt en tant que candidats potentiels. La lettre d’information qui rendait compte de ces rencontres indiquait que, dans les mois à venir, l’OIM suivrait les activités des membres sélectionnés de la diaspora mauritanienne. L’initiative vise à permettre à 20 membres qualifiés de la diaspora de séjourner temporairement dans leur pays d’origine pour y soutenir le renforcement des capacités et le développement des compétences des institutions publiques.",
        },
    },
]  # fmt: skip


def _localized(name: str, values: dict[str, str]) -> dict[str, str]:
    """{"text_fr": ...} for the site's languages that the data has."""
    codes = [code for code, _name in settings.LANGUAGES]
    return {build_localized_fieldname(name, code): values[code] for code in codes if code in values}


def _item(kind: str, slug_en: str):
    return ITEM_FIELDS[kind]._default_manager.filter(slug_en=slug_en).first()


def load() -> int:
    created = 0
    now = timezone.now()
    for data in QAS:
        item = _item(*data["item"])
        if item is None:  # the projects' or events' demo did not run
            continue
        kind, language = data["item"][0], data["language"]
        original = build_localized_fieldname("text", language)
        lookup = {kind: item, "email": DEMO_EMAIL, original: data["text"][language]}
        if Question.objects.filter(**lookup).exists():
            continue
        answers = {code: f"{text}\n\n{NOTE[code]}" for code, text in data["answer"].items()}
        Question.objects.create(
            **{**lookup, **_localized("text", data["text"]), **_localized("answer", answers)},
            language=language,
            display_name=DISPLAY_NAME,
            confirmed_at=now,
            consent_at=now,
            status=Question.Status.APPROVED,
            decided_at=now,
            answer_language=language,
            answered_at=now,
            answered_by=data["answered_by"],
            is_faq=data["is_faq"],
        )
        created += 1
    return created
