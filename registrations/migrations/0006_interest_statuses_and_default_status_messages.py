"""Investor and partner interests take their own statuses (rows and their history), and the
three status messages that tell applicants by default are written in English and French."""

from django.conf import settings
from django.db import migrations
from modeltranslation.utils import build_localized_fieldname

from portal.core.i18n import source_language, stable_hash, target_languages

# A lead is a conversation: the candidates' review steps map to where the conversation is.
INTEREST_STATUSES = {
    "in-review": "contacted",
    "shortlisted": "in-discussion",
    "selected": "closed",
    "not-selected": "closed",
}
# Going back: a closed lead becomes "not selected" (which of the two it was is not kept).
INTEREST_STATUSES_BACK = {
    "contacted": "in-review",
    "in-discussion": "shortlisted",
    "closed": "not-selected",
}

HASHED_FIELDS = {"StatusMessage": ["body", "next_steps", "subject"]}

# Honest wording: no date, no promise the office cannot keep.
DEFAULT_MESSAGES = {
    "selected": {
        "en": {
            "subject": "Your application has been selected",
            "body": "Good news: after review, your application has been selected.",
            "next_steps": "A programme officer will contact you about the next steps.",
        },
        "fr": {
            "subject": "Votre candidature est retenue",
            "body": "Bonne nouvelle\u202f: après examen, votre candidature a été retenue.",
            "next_steps": "Notre équipe de programme vous contactera au sujet des prochaines "
            "étapes.",
        },
    },
    "not-selected": {
        "en": {
            "subject": "About your application",
            "body": "Thank you for your interest and for the time you gave to your "
            "application. After review, it has not been selected for this call.",
            "next_steps": "Other calls are published on the portal: you are welcome to apply "
            "to them.",
        },
        "fr": {
            "subject": "Votre candidature",
            "body": "Merci de votre intérêt et du temps consacré à votre candidature. Après "
            "examen, elle n’a pas été retenue pour cet appel.",
            "next_steps": "D’autres appels sont publiés sur le portail\u202f: vous pouvez y "
            "répondre.",
        },
    },
    "more-information": {
        "en": {
            "subject": "More information needed for your application",
            "body": "To continue reviewing your application, we need more information "
            "from you.",
            "next_steps": "A programme officer will contact you to say what is needed.",
        },
        "fr": {
            "subject": "Informations complémentaires pour votre candidature",
            "body": "Pour poursuivre l’examen de votre candidature, nous avons besoin "
            "d’informations complémentaires.",
            "next_steps": "Notre équipe de programme vous contactera pour préciser ce qui "
            "manque.",
        },
    },
}


def map_interest_statuses(mapping):
    def run(apps, schema_editor):
        for name in ("Interest", "HistoricalInterest"):
            model = apps.get_model("registrations", name)
            for old, new in mapping.items():
                model.objects.filter(status=old).update(status=new)

    return run


def _hash(texts: dict) -> str:
    return stable_hash({name: texts.get(name, "") for name in HASHED_FIELDS["StatusMessage"]})


def create_default_messages(apps, schema_editor):
    StatusMessage = apps.get_model("registrations", "StatusMessage")
    languages = [code for code, _name in settings.LANGUAGES]
    for status, texts in DEFAULT_MESSAGES.items():
        if StatusMessage.objects.filter(kind="application", status=status).exists():
            continue
        message = StatusMessage(kind="application", status=status, notify=True)
        for code in languages:
            for name, text in texts.get(code, {}).items():
                setattr(message, build_localized_fieldname(name, code), text)
        # The translations follow the English as written here (TranslationTracked).
        source = _hash(texts[source_language()])
        message.translation_hashes = {
            source_language(): source,
            **{
                code: {"text": _hash(texts.get(code, {})), "source": source}
                for code in target_languages()
            },
        }
        message.save()


def delete_default_messages(apps, schema_editor):
    StatusMessage = apps.get_model("registrations", "StatusMessage")
    StatusMessage.objects.filter(kind="application", status__in=DEFAULT_MESSAGES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0005_interest_statuses_withdrawal_status_messages"),
    ]

    operations = [
        migrations.RunPython(
            map_interest_statuses(INTEREST_STATUSES), map_interest_statuses(INTEREST_STATUSES_BACK)
        ),
        migrations.RunPython(create_default_messages, delete_default_messages),
    ]
