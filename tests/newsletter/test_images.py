import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from PIL import Image

from newsletter.models import Article
from portal.core.images import ContentImageFormField
from tests.newsletter.factories import ArticleFactory


def png(width=1600, height=900) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#0a4a8f").save(buffer, "PNG")
    return buffer.getvalue()


def upload(content: bytes, name="photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_a_real_image_is_accepted():
    assert ContentImageFormField().clean(upload(png()))


def test_a_file_that_is_not_an_image_is_refused_clearly():
    field = ContentImageFormField()
    with pytest.raises(Exception, match="not an image we can read"):
        field.clean(upload(b"MZ\x90\x00 executable pretending", name="photo.png"))


@override_settings(IMAGE_MAX_UPLOAD_BYTES=1000)
def test_a_heavy_image_is_refused_with_the_limit():
    with pytest.raises(Exception, match="the limit is 1000"):
        ContentImageFormField().clean(upload(png()))


@override_settings(IMAGE_MAX_PIXELS=1_000_000)
def test_a_decompression_bomb_is_refused_without_decoding_it():
    with pytest.raises(Exception, match="too many pixels"):
        ContentImageFormField().clean(upload(png(4000, 4000)))


@pytest.mark.django_db
def test_image_without_alt_text_in_both_languages_does_not_validate():
    article = ArticleFactory.build(
        image="newsletter/x.png",
        image_width=10,
        image_height=10,
        image_alt_en="A map",
        image_alt_fr="",
    )
    with pytest.raises(Exception, match="image_alt_fr"):
        article.clean()


@pytest.mark.django_db
def test_responsive_image_has_webp_renditions_sizes_and_dimensions(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(image_alt_en="A map", image_alt_fr="Une carte")
    article.image.save("map.png", upload(png()), save=True)
    article = Article.objects.get(pk=article.pk)
    with translation.override("en"):
        html = Template("{% load images %}{% responsive_image a.image alt=a.image_alt %}").render(
            Context({"a": article})
        )
    assert '<source type="image/webp" srcset="' in html
    assert " 400w, " in html and " 1200w" in html
    assert 'loading="lazy"' in html
    assert 'width="1200" height="675"' in html
    assert 'alt="A map"' in html
