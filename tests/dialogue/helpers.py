"""What the asking tests share: URLs in a language, a valid POST, a signed-in member."""

from django.urls import reverse
from django.utils import timezone, translation

from portal.core.member_session import EMAIL_KEY, SIGNED_IN_AT_KEY

MEMBER = "amina@example.org"


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"dialogue:{name}", kwargs=kwargs or None)


def ask_url(item, kind: str = "project", language: str = "en") -> str:
    return url("ask", language, kind=kind, pk=item.pk)


def post_data(**changes) -> dict:
    """A valid submission of the form (prefix "ask"); `changes` by field name, None to leave
    a field out."""
    data = {
        "website": "",
        "kind": "question",
        "text": "When will the Rwanda info session take place?",
        "language": "en",
        "display_name": "Jean",
        "email": "Jean.Mugabo@Example.org",
        "consent": "on",
    }
    data.update(changes)
    return {f"ask-{name}": value for name, value in data.items() if value is not None}


def sign_in(client, email: str = MEMBER) -> None:
    session = client.session
    session[EMAIL_KEY] = email
    session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()
    session.save()
