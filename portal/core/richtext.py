"""Rich text: HTML that staff write, sanitised with nh3 when stored and again when shown,
and edited with the rich text editor widget.

The editor is Squire (a small, maintained contenteditable editor) with a toolbar for
paragraphs, headings, lists, bold/italic, links and quotes. Every file is served from
static/ (no CDN) and no inline script is needed (CSP). Without JavaScript the field stays a
plain textarea of HTML. What is pasted is cleaned in the browser (DOMPurify, the same tags
as the server allows) and again on the server (sanitize_html), so a word processor's styles
and scripts never get in.
"""

import re

import nh3
from django import forms
from django.db import models
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "hr", "figure", "figcaption", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "lang"},
    "abbr": {"title"},
    "p": {"lang"},
    "blockquote": {"lang", "cite"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str | None) -> str:
    """Return `html` with everything but a small set of structural tags removed.

    Scripts, styles, event handlers, `javascript:` links and word-processor cruft are
    dropped; external links get `rel="noopener noreferrer"`.
    """
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_rich_text(html: str | None) -> SafeString:
    """Sanitise again on the way out: stored HTML may predate a stricter allow-list."""
    return mark_safe(sanitize_html(html))


_TAGS = re.compile(r"<[^>]*>")


class RichTextWidget(forms.Textarea):
    template_name = "portal/widgets/richtext.html"

    class Media:
        css = {"all": ["portal/admin/richtext.css"]}
        js = [
            "vendor/dompurify/purify.min.js",
            "vendor/squire/squire.js",
            "portal/admin/richtext.js",
        ]

    def __init__(self, attrs=None):
        super().__init__({"class": "vLargeTextField richtext-source", **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        """An editor left empty still holds `<p><br></p>`: that is no text."""
        value = super().value_from_datadict(data, files, name)
        if value and not _TAGS.sub("", sanitize_html(value)).replace("&nbsp;", "").strip():
            return ""
        return value


class RichTextField(models.TextField):
    """A TextField whose HTML is sanitised every time the model is saved, edited with the
    rich text editor (RichTextWidget)."""

    def formfield(self, **kwargs):
        # Always the editor: the admin's default widget for a TextField would replace it.
        kwargs["widget"] = RichTextWidget
        return super().formfield(**kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
