"""The staff style guide (portal:styleguide) and the tokens it documents."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from portal.site import styleguide

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.ADMIN_REQUIRE_2FA = True
    return settings


def test_style_guide_is_refused_to_anonymous_visitors(client):
    response = client.get(reverse("portal:styleguide"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_style_guide_is_refused_to_staff_without_the_second_factor(client, required, superuser):
    client.force_login(superuser)
    response = client.get(reverse("portal:styleguide"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_style_guide_is_shown_to_staff_who_passed_both_steps(
    client, required, superuser_with_second_factor
):
    client.force_login(superuser_with_second_factor)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = superuser_with_second_factor.totpdevice_set.get().persistent_id
    session.save()
    response = client.get(reverse("portal:styleguide"))
    assert response.status_code == 200
    html = response.text
    assert "--color-primary" in html
    # Every component, once per language.
    assert html.count('class="sg-example" lang="en"') == html.count('class="sg-example" lang="fr"')
    for component in ("breadcrumbs", "card-grid", "date-badge--tbd", "meter", "cta-band"):
        assert component in html
    for component in ("notice--error", "form-section", "steps", "summary-list", "empty-state"):
        assert component in html


def test_contrast_ratio_follows_wcag():
    assert styleguide.contrast_ratio("#000000", "#ffffff") == 21
    assert styleguide.contrast_ratio("#ffffff", "#ffffff") == 1
    assert styleguide.contrast_ratio("#767676", "#ffffff") == 4.54


def test_colour_tokens_come_from_the_stylesheet_and_every_pair_passes():
    names = {colour.name for colour in styleguide.colours()}
    assert {"color-primary", "color-accent", "color-text", "color-border"} <= names
    failing = [
        (p.foreground.name, p.background.name, p.ratio) for p in styleguide.pairs() if not p.passes
    ]
    assert failing == []
    primary = next(c for c in styleguide.colours() if c.name == "color-primary")
    assert primary.on_white >= 7
