"""`{% question_jsonld entry %}`: a question page's schema.org QAPage, answered by the
organisation the site names (the `site` context), never by a person."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from dialogue.display import Entry, qa_jsonld
from portal.core.templatetags.portal import jsonld

register = template.Library()


@register.simple_tag(takes_context=True)
def question_jsonld(context, entry: Entry) -> SafeString:
    request, site = context.get("request"), context.get("site")
    if request is None:
        return mark_safe("")
    organization = getattr(site, "site_name", "") or request.get_host()
    data = qa_jsonld(
        entry,
        url=request.build_absolute_uri(entry.question.get_absolute_url()),
        organization=organization,
    )
    return jsonld(data) if data else mark_safe("")
