"""The sign-in link's token: the row's id and its random secret, signed with Django's
signing (HMAC with SECRET_KEY) under a salt bound to the link's purpose, so that a link made
for one purpose is refused for another. No cryptography of our own: the signature proves
the token came from us, the secret (256 bits, kept only as a hash) ties it to one row,
which works once (services.sign_in_link_use)."""

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.utils.http import url_has_allowed_host_and_scheme

from members.exceptions import InvalidLink


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    # A plain hash is enough: the secret is 256 random bits, not a password to guess.
    return hashlib.sha256(secret.encode()).hexdigest()


def salt(purpose: str) -> str:
    return f"members.sign-in-link:{purpose}"


def make_token(pk: int, secret: str, purpose: str) -> str:
    return signing.dumps([pk, secret], salt=salt(purpose))


def read_token(token: str, purpose: str) -> tuple[int, str]:
    """(row id, secret) from a token made for `purpose` and younger than the links'
    lifetime; InvalidLink otherwise (the row still decides: used, expired)."""
    try:
        pk, secret = signing.loads(
            token, salt=salt(purpose), max_age=settings.MEMBER_LINK_MINUTES * 60
        )
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink from None
    if not isinstance(pk, int) or not isinstance(secret, str):
        raise InvalidLink
    return pk, secret


def safe_next(path: str | None) -> str:
    """`path` when it is a path on this site ("/fr/mon-espace/"), else "" (the caller's
    default): never another site, however the URL is dressed up (//host, /\\host, http:)."""
    path = (path or "").strip()
    if not path.startswith("/") or path.startswith(("//", "/\\")):
        return ""
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=set()):
        return ""
    return path[:500]
