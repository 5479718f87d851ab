"""The rich text editor widget: Squire (a small, maintained contenteditable editor) with a
toolbar for paragraphs, headings, lists, bold/italic, links and quotes.

Every file is served from static/ (no CDN) and no inline script is needed (CSP). Without
JavaScript the field stays a plain textarea of HTML. What is pasted is cleaned in the
browser (DOMPurify, the same tags as the server allows) and again on the server
(portal.core.richtext.sanitize_html), so a word processor's styles and scripts never get in.
"""

import re

from django import forms

from portal.core.richtext import sanitize_html

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
