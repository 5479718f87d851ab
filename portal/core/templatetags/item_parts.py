"""What apps above projects, events and newsletter add to those apps' pages (the
`item_sections` and `card_tags` keys of portal/core/contract.py), rendered without the
item's own app knowing who adds what:

    {% load item_parts %}
    {% item_sections project %}                   at the end of a detail page
    {% card_tags projects as card_tags %}         once per list (a query per app and kind of item)
    {% card_tags_for card_tags project %}         inside each card's <ul class="tags">
"""

from collections.abc import Iterable

from django import template
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from portal.core import contract

register = template.Library()


def _ordered(key: str) -> list:
    return sorted(contract.collect(key), key=lambda entry: entry.order)


@register.simple_tag(takes_context=True)
def item_sections(context, item: Model) -> SafeString:
    """Every app's section for `item`, in order; nothing for a missing item."""
    request = context.get("request")
    if request is None or not isinstance(item, Model):
        return mark_safe("")
    parts = []
    for section in _ordered("item_sections"):
        data = section.context(request, item)
        if data is not None:
            parts.append(render_to_string(section.template, {"section": data}, request=request))
    return mark_safe("".join(parts))


class CardTags:
    """The rendered tags of a list's items: {item: [html, ...]}."""

    def __init__(self, rendered: dict[Model, list[str]]):
        self.rendered = rendered

    def get(self, item: Model) -> list[str]:
        return self.rendered.get(item, [])


@register.simple_tag
def card_tags(items: Iterable[Model] | None, related: str = "") -> CardTags:
    """Each app's tags for every item of a list, computed once for the list. With
    `related`, the items are those of each object's relation of that name (prefetched):
    `{% card_tags issues "articles" as card_tags %}` for the articles of a page of issues."""
    if related:
        items = [item for obj in items or () for item in getattr(obj, related).all()]
    items = [item for item in items or () if isinstance(item, Model)]
    rendered: dict[Model, list[str]] = {}
    if not items:
        return CardTags(rendered)
    for tag in _ordered("card_tags"):
        for item, data in tag.context(items).items():
            rendered.setdefault(item, []).append(render_to_string(tag.template, {"tag": data}))
    return CardTags(rendered)


@register.simple_tag
def card_tags_for(tags: CardTags | None, item: Model) -> SafeString:
    """The tags of one card; nothing when the list computed none (a card shown elsewhere)."""
    if not isinstance(tags, CardTags):
        return mark_safe("")
    return format_html_join("", "{}", ((mark_safe(html),) for html in tags.get(item)))
