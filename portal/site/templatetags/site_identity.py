"""The organisation's schema.org data for the home and contact pages."""

from django import template
from django.utils.safestring import SafeString

from portal.core.templatetags.portal import jsonld
from portal.site import contact

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_jsonld(context) -> SafeString | str:
    """`Organization` with its `ContactPoint`s as JSON-LD (data, not script: allowed by the
    CSP, escaped as `json_script` does). The contact page passes its `contact_groups`."""
    request, site = context.get("request"), context.get("site")
    if request is None or site is None:
        return ""
    groups = context.get("contact_groups") or ()
    return jsonld(contact.organization_jsonld(site, request, groups))
