"""The rich text editor: served from static/, no inline script, pasted styles dropped."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from portal.core.richtext import RichTextWidget, sanitize_html
from tests.newsletter.factories import IssueFactory
from tests.portal.factories import PageFactory

WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal {margin:0cm; font-family:"Calibri"}</style>
<script>alert("pasted")</script></head><body lang=FR-BE style='tab-interval:35.4pt'>
<!--StartFragment--><h1 class=MsoTitle><span style='mso-ansi-language:EN'>Title</span></h1>
<p class=MsoNormal style='margin-bottom:0cm'><b><span style='font-size:14.0pt;color:#C00000'>Bold
</span></b><span style='mso-spacerun:yes'> </span><i>italic</i><o:p></o:p></p>
<ul style='margin-top:0cm'><li class=MsoListParagraph style='mso-list:l0 level1 lfo1'>One</li></ul>
<p class=MsoNormal><a href="javascript:alert(1)" onclick="x()">bad link</a>
<img src="file:///C:/Users/me/image001.png" width=100><font face="Arial">font</font></p>
<!--EndFragment--></body></html>"""


def test_pasting_from_a_word_processor_keeps_structure_but_no_style_or_script():
    cleaned = sanitize_html(WORD_PASTE)
    for unwanted in ("style", "class", "script", "alert", "mso", "<o:p", "<img", "<font",
                     "javascript", "onclick", "<!--", "Calibri"):  # fmt: skip
        assert unwanted not in cleaned, unwanted
    assert "<b>Bold\n</b>" in cleaned
    assert "<i>italic</i>" in cleaned
    assert "<ul><li>One</li></ul>" in cleaned


def test_an_empty_editor_is_an_empty_field():
    widget = RichTextWidget()
    assert widget.value_from_datadict({"body": "<p><br></p>"}, {}, "body") == ""
    assert widget.value_from_datadict({"body": "<p>x</p>"}, {}, "body") == "<p>x</p>"


def test_editor_files_are_vendored_in_static():
    for path in RichTextWidget.Media.js:
        assert finders.find(path), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name,factory",
    [("admin:portal_page_change", PageFactory), ("admin:newsletter_issue_change", IssueFactory)],
)
def test_rich_text_fields_get_the_editor_without_inline_script(admin_client, url_name, factory):
    obj = factory()
    response = admin_client.get(reverse(url_name, args=[obj.pk]))
    html = response.text
    assert "/static/vendor/squire/squire.js" in html
    assert "/static/vendor/dompurify/purify.min.js" in html
    assert 'data-command="h2"' in html
    assert "<script>" not in html  # every script is a file (CSP: script-src 'self')
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1]
