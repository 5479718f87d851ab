"""Staff set an image, its text alternative in every language and its focal point in the admin."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.events.factories import EventFactory
from tests.projects.factories import CallFactory, CountryFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("admin_name", "factory"),
    [
        ("projects_country", CountryFactory),
        ("projects_project", ProjectFactory),
        ("projects_call", CallFactory),
        ("events_event", EventFactory),
    ],
)
def test_change_forms_have_an_image_fieldset_with_focal_point(admin_client, admin_name, factory):
    item = factory()
    html = admin_client.get(reverse(f"admin:{admin_name}_change", args=[item.pk])).text
    assert "<h2" in html and ">Image<" in html
    assert 'name="image"' in html
    assert 'name="image_focal_x"' in html and 'name="image_focal_y"' in html
    for code, _name in settings.LANGUAGES:
        assert f'name="image_alt_{code}"' in html
    assert "outline map" in html  # the help text says what shows without an image
