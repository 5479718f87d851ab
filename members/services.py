"""Signing in by email link: asking for a link, sending it, using it (once)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from members import links, signals
from members.emails import sign_in_link_message
from members.exceptions import InvalidLink
from members.models import SignInLink

Purpose = SignInLink.Purpose


def sign_in_link_request_queue(*, email: str, language: str, next_path: str = "") -> None:
    """Have `sign_in_link_send` run in a worker. The page that asked shows the same answer,
    in the same time, for every address: any address may sign in (a new member sees an
    empty My space), and the per-address limit is counted in the worker. It writes nothing,
    so the signal goes at once rather than on commit."""
    signals.sign_in_link_requested.send(
        sender=SignInLink,
        email=email.strip().lower(),
        language=language,
        next_path=links.safe_next(next_path),
    )


def sign_in_link_send(
    *, email: str, language: str, next_path: str = "", purpose: str = Purpose.SIGN_IN
) -> SignInLink | None:
    """Make a sign-in link for `email` and email it, in `language`; None (and no email) when
    the address has had MEMBER_LINKS_PER_HOUR links in the past hour that still work.
    Counted in the database, so that no cache flush lets anyone flood an inbox; and only
    links that still work, so that a stranger asking for links in someone's name never
    locks them out: whenever the limit holds, that many working links are in their inbox."""
    email = email.strip().lower()
    now = timezone.now()
    recent = SignInLink.objects.filter(
        email=email, created_at__gte=now - timedelta(hours=1)
    ).usable(now)
    if recent.count() >= settings.MEMBER_LINKS_PER_HOUR:
        return None
    secret = links.new_secret()
    with transaction.atomic():
        link = SignInLink.objects.create(
            email=email,
            purpose=purpose,
            next_path=links.safe_next(next_path),
            language=language,
            secret_hash=links.secret_hash(secret),
            expires_at=now + timedelta(minutes=settings.MEMBER_LINK_MINUTES),
        )
    sign_in_link_message(link, links.make_token(link.pk, secret, purpose)).send()
    return link


def _matching(token: str, purpose: str):
    pk, secret = links.read_token(token, purpose)
    return SignInLink.objects.filter(
        pk=pk, purpose=purpose, secret_hash=links.secret_hash(secret)
    ).usable(timezone.now())


def sign_in_link_check(*, token: str, purpose: str = Purpose.SIGN_IN) -> SignInLink:
    """The link `token` stands for, if it still works; InvalidLink otherwise. Uses nothing:
    mail scanners open links, and must not burn them."""
    link = _matching(token, purpose).first()
    if link is None:
        raise InvalidLink
    return link


def sign_in_link_use(*, token: str, purpose: str = Purpose.SIGN_IN) -> SignInLink:
    """Use the link: one UPDATE that only an unused, unexpired link matches, so of two
    requests with the same link exactly one succeeds. InvalidLink for the others."""
    matching = _matching(token, purpose)
    with transaction.atomic():
        pk = matching.values_list("pk", flat=True).first()
        if pk is None or not matching.filter(pk=pk).update(used_at=timezone.now()):
            raise InvalidLink
        return SignInLink.objects.get(pk=pk)
