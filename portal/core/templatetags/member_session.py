"""`{% signed_in_as email as same %}`: whether the visitor is signed in to My space as
`email` (portal/core/member_session.py). For personal pages only: a page that depends on the
session must not be cached for others (those pages are never_cache)."""

from django import template

from portal.core.member_session import member_email

register = template.Library()


@register.simple_tag(takes_context=True)
def signed_in_as(context, email: str) -> bool:
    request = context.get("request")
    signed_in = member_email(request) if request is not None else None
    return bool(signed_in and email and signed_in == email.strip().lower())
