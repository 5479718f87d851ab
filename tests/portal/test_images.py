from types import SimpleNamespace

from portal.core.images import missing_alt_errors


def test_an_image_needs_its_text_alternative_in_every_configured_language(settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "French"), ("ar", "Arabic")]
    item = SimpleNamespace(image="a.jpg", image_alt_en="A map", image_alt_fr="", image_alt_ar="")
    assert set(missing_alt_errors(item)) == {"image_alt_fr", "image_alt_ar"}


def test_no_image_needs_no_text_alternative():
    item = SimpleNamespace(image="", image_alt_en="", image_alt_fr="")
    assert missing_alt_errors(item) == {}


def test_text_alternative_of_another_image_field():
    item = SimpleNamespace(photo="a.jpg", photo_alt_en="A map", photo_alt_fr="Une carte")
    assert missing_alt_errors(item, image="photo", alt="photo_alt") == {}
