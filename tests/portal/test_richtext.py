import pytest

from portal.core.richtext import render_rich_text, sanitize_html
from tests.portal.factories import PageFactory


def test_scripts_and_event_handlers_are_removed():
    html = '<p onclick="steal()">Hi<script>alert(1)</script></p><img src=x onerror=alert(1)>'
    assert sanitize_html(html) == "<p>Hi</p>"


def test_javascript_links_lose_their_href_and_external_links_get_noopener():
    cleaned = sanitize_html('<a href="javascript:alert(1)">x</a> <a href="https://a.org">y</a>')
    assert "javascript" not in cleaned
    assert '<a href="https://a.org" rel="noopener noreferrer">y</a>' in cleaned


def test_word_processor_styles_are_dropped_but_structure_kept():
    pasted = '<p class="MsoNormal" style="color:red"><b>Bold</b> <span lang=EN>text</span></p>'
    assert sanitize_html(pasted) == "<p><b>Bold</b> text</p>"


@pytest.mark.django_db
def test_rich_text_field_is_sanitised_on_save_in_every_language():
    page = PageFactory(
        body_en="<p>ok<script>x</script></p>", body_fr="<p>oui<style>p{}</style></p>"
    )
    page.refresh_from_db()
    assert page.body_en == "<p>ok</p>"
    assert page.body_fr == "<p>oui</p>"


def test_render_sanitises_stored_html_again():
    assert str(render_rich_text("<p>a</p><iframe src=//x></iframe>")) == "<p>a</p>"
