"""French wording a newcomer's review asked for: plain words, nothing alarming."""

import pytest
from django.template import engines
from django.utils import translation
from django.utils.translation import gettext

NNBSP = "\u202f"
CONFIRM_EMAIL = (
    "{% load i18n %}{% blocktranslate count hours=hours %}The link is valid for {{ hours }} "
    "hour. A moderator reads every message before it is published; we will write to you if it "
    "is answered or cannot be published. If you did not write this, ignore this email: the "
    "message will be deleted.{% plural %}The link is valid for {{ hours }} hours. A moderator "
    "reads every message before it is published; we will write to you if it is answered or "
    "cannot be published. If you did not write this, ignore this email: the message will be "
    "deleted.{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Asked under", "Posée à propos de"),
        ("What would you like to leave?", "Type de message"),
        ("Keep the reported question published", "Garder la question en ligne"),
        (
            "Once withdrawn, your question and its answer are no longer shown on the site."
            " This cannot be undone: you can ask again at any time.",
            f"C’est définitif{NNBSP}; vous pourrez toujours poser une nouvelle question.",
        ),
        (
            "Once withdrawn, your question is not moderated and never shown on the site. "
            "This cannot be undone: you can ask again at any time.",
            f"C’est définitif{NNBSP}; vous pourrez toujours poser une nouvelle question.",
        ),
    ],
)
def test_french_wording(english, french):
    with translation.override("fr"):
        assert french in gettext(english)


def test_confirmation_email_says_the_question_will_be_deleted():
    template = engines["django"].from_string(CONFIRM_EMAIL)
    with translation.override("fr"):
        for hours in (1, 48):
            text = template.render({"hours": hours})
            assert f"ignorez ce message{NNBSP}: votre question sera supprimée." in text
            assert "courriel" not in text
