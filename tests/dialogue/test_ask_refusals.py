"""Every refusal of the ask form (issue 18, section 1): a clear message in the visitor's
language, the form shown again, nothing stored and no email sent."""

import pytest
from django.core import mail

from dialogue.models import Question
from tests.dialogue.factories import BlockedTermFactory
from tests.dialogue.helpers import ask_url, post_data, sign_in
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"


def refused(client, committed, data: dict, language: str, status: int = 400) -> str:
    project = ProjectFactory()
    with committed():
        response = client.post(ask_url(project, language=language), data)
    assert response.status_code == status
    assert 'class="notice notice--error error-summary"' in response.text  # the summary
    assert 'name="ask-text"' in response.text  # the form again
    assert not Question.objects.exists()
    assert mail.outbox == []
    return response.text


REFUSALS = {
    # name: (changes to a valid POST, English message, French message)
    "honeypot": (
        {"website": "http://spam.example"},
        "Your submission could not be accepted.",
        "Votre envoi n’a pas pu être accepté.",
    ),
    "too long": (
        {"text": "a" * 2001},
        "Your text is too long: 2000 characters at most (it has 2001).",
        f"Votre texte est trop long{NNBSP}: 2000 caractères au plus (il en compte 2001).",
    ),
    "too short": (
        {"text": "Why?"},
        "Your text is too short: write at least 10 characters (it has 4).",
        f"Votre texte est trop court{NNBSP}: écrivez au moins 10 caractères (il en compte 4).",
    ),
    "too many links": (
        {"text": "See https://a.example/x and www.b.example and c-example.org now"},
        "Your text may contain at most 2 links; it has 3.",
        f"Votre texte peut contenir au plus 2 liens{NNBSP}; il en contient 3.",
    ),
    "control characters": (
        {"text": "A question\x00 with a NUL and\x1b an escape"},
        "Your text contains characters we cannot accept. Please remove them.",
        "Votre texte contient des caractères que nous ne pouvons pas accepter. "
        "Veuillez les retirer.",
    ),
    "empty after stripping": (
        {"text": " \n\t\u200b\u00a0 "},
        "“Your question or comment” is required.",
        "«\u202fVotre question ou commentaire\u202f» est obligatoire.",
    ),
    "name with control characters": (
        {"display_name": "Jean\x07"},
        "Your name contains characters we cannot accept. Please remove them.",
        "Votre nom contient des caractères que nous ne pouvons pas accepter. Veuillez les retirer.",
    ),
    "name with a link": (
        {"display_name": "cheap-pills.example"},
        "Please choose another name to show: links and some words are not accepted.",
        f"Veuillez choisir un autre nom à afficher{NNBSP}: les liens et certains mots ne "
        "sont pas acceptés.",
    ),
    "no consent": (
        {"consent": None},
        "Please accept the privacy notice to send your question.",
        "Veuillez accepter la politique de confidentialité pour envoyer votre question.",
    ),
    "bad email": (
        {"email": "not an address"},
        "Enter a valid email address.",
        "Saisissez une adresse de courriel valide.",
    ),
    "unknown kind": (
        {"kind": "advert"},
        "Select a valid choice. advert is not one of the available choices.",
        "Sélectionnez un choix valide. advert n’en fait pas partie.",
    ),
    "unknown language": (
        {"language": "xx"},
        "Select a valid choice. xx is not one of the available choices.",
        "Sélectionnez un choix valide. xx n’en fait pas partie.",
    ),
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("name", REFUSALS)
def test_refused_input_says_why_in_the_visitors_language_and_stores_nothing(
    client, committed, name, language
):
    changes, english, french = REFUSALS[name]
    page = refused(client, committed, post_data(**changes), language)
    assert (english if language == "en" else french) in page


@pytest.mark.parametrize("language", ["en", "fr"])
def test_blocked_term_is_refused_without_naming_it(client, committed, language):
    BlockedTermFactory(term="Crypto Gains")
    data = post_data(text="Double your CRYPTO   gâins with us, ask me how!")
    page = refused(client, committed, data, language)
    message = {
        "en": "Your text contains a word or phrase that we do not publish. Please rephrase it.",
        "fr": "Votre texte contient un mot ou une expression que nous ne publions pas. "
        "Veuillez le reformuler.",
    }[language]
    assert message in page
    assert "crypto gains" not in page.lower()


def test_blocked_term_matches_whole_words_only_and_inactive_terms_not_at_all(client):
    BlockedTermFactory(term="spam")
    BlockedTermFactory(term="casino", is_active=False)
    text = "Is the spammer list or the casino part of the call?"
    response = client.post(ask_url(ProjectFactory()), post_data(text=text))
    assert response.status_code == 302
    assert Question.objects.get().text_en == text


def test_two_links_are_accepted_and_emails_are_not_links(client):
    text = "See https://example.org/call and example.com, or write to a.b@example.net."
    assert client.post(ask_url(ProjectFactory()), post_data(text=text)).status_code == 302


def test_no_link_at_all_when_the_limit_is_zero(client, committed, settings):
    settings.DIALOGUE_MAX_LINKS = 0
    page = refused(client, committed, post_data(text="Please read example.org first"), "fr")
    assert f"Les liens ne sont pas acceptés ici{NNBSP}; veuillez les retirer." in page


def test_text_at_the_limit_is_accepted_with_windows_line_breaks_counted_once(client, settings):
    settings.DIALOGUE_MAX_LENGTH = 20
    text = "Line one.\r\nLine two!!"  # 21 characters as sent, 20 as typed
    assert client.post(ask_url(ProjectFactory()), post_data(text=text)).status_code == 302
    assert Question.objects.get().text_en == "Line one.\nLine two!!"


def test_a_member_is_refused_the_same_way(client, committed):
    sign_in(client)
    refused(client, committed, post_data(email=None, text="x" * 3000), "en")


@pytest.mark.parametrize(
    "language, message",
    [
        ("en", "Too many attempts from your connection. Please try again later."),
        ("fr", "Trop de tentatives depuis votre connexion. Veuillez réessayer plus tard."),
    ],
)
def test_too_many_questions_from_one_visitor_get_a_429_page(
    client, committed, settings, language, message
):
    settings.DIALOGUE_QUESTIONS_PER_HOUR = 2
    project = ProjectFactory()
    with committed():
        for _n in range(2):
            assert client.post(ask_url(project, language=language), post_data()).status_code == 302
        response = client.post(ask_url(project, language=language), post_data())
    assert response.status_code == 429
    assert message in response.text
    assert f'<html lang="{language}"' in response.text
    assert 'name="ask-text"' in response.text
    assert Question.objects.count() == 2 and len(mail.outbox) == 2


def test_an_empty_post_shows_every_missing_field(client):
    response = client.post(ask_url(ProjectFactory()), {})
    assert response.status_code == 400
    assert "“Your question or comment” is required." in response.text
    assert not Question.objects.exists()


def test_an_address_longer_than_the_column_is_refused_not_a_server_error(client):
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"  # valid for Django, 313 long
    response = client.post(ask_url(ProjectFactory()), post_data(email=email))
    assert response.status_code == 400
    assert not Question.objects.exists()
