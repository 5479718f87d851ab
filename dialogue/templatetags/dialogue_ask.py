"""`{% ask_form item item_kind %}`: the compact form to ask a question under an item.

It works from the page's context alone (the request, the CSRF token, the site's pages). On a
page cached for anonymous visitors it holds nothing personal but the CSRF token, which the
cache replaces for each visitor; a signed-in member (who is never served from the cache) sees
the variant without the email field."""

from django import template

from dialogue.forms import AskForm
from portal.core.member_session import member_email

register = template.Library()


@register.inclusion_tag("dialogue/includes/ask_form.html", takes_context=True)
def ask_form(context, item, item_kind: str, form: AskForm | None = None, heading_level: int = 3):
    """`form`: a bound form to show again with its errors (the standalone page);
    `heading_level`: the level of the form's heading in the page around it."""
    request = context.get("request")
    email = member_email(request) if request is not None else None
    return {
        "item": item,
        "item_kind": item_kind,
        "form": form if form is not None else AskForm(member_email=email),
        "member_email": email,
        "heading_level": heading_level,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "site_pages": context.get("site_pages"),
    }
