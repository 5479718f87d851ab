from portal.core.links import absolute_url, site_host


def test_absolute_url_is_built_on_site_url(settings):
    settings.SITE_URL = "https://portal.example.org"
    assert absolute_url("/fr/evenements/") == "https://portal.example.org/fr/evenements/"


def test_absolute_url_leaves_a_full_url_alone(settings):
    settings.SITE_URL = "https://portal.example.org"
    media = "https://cdn.example.net/projects/2030/map.jpg"
    assert absolute_url(media) == media


def test_site_host_is_the_host_of_site_url(settings):
    settings.SITE_URL = "https://portal.example.org:8443"
    assert site_host() == "portal.example.org"
