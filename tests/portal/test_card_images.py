"""Cards and pages show images cropped around their focal point, or the country's outline map."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template import Context, Template
from PIL import Image

from projects.models import Project
from tests.events.factories import EventFactory
from tests.projects.factories import CallFactory, CountryFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def photo(width=1600, height=900) -> bytes:
    """A real image: the left half red, the right half blue (so a crop shows where it is)."""
    image = Image.new("RGB", (width, height), "#0000ff")
    image.paste(Image.new("RGB", (width // 2, height), "#ff0000"), (0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def render(source: str, **context) -> str:
    return Template("{% load images %}" + source).render(Context(context))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def project_with_photo(content: bytes, **fields) -> Project:
    project = ProjectFactory(image_alt_en="Nurses", image_alt_fr="Des infirmières", **fields)
    project.image.save("photo.png", ContentFile(content), save=True)
    return Project.objects.published().get(pk=project.pk)


def rendition(media, html: str) -> Image.Image:
    src = re.search(r'<img src="/media/([^"]+)"', html).group(1)
    return Image.open(media / src)


def test_card_image_is_cropped_to_three_by_two_with_its_size(media):
    html = render("{% card_image p %}", p=project_with_photo(photo()))
    assert 'width="800" height="533"' in html
    assert " 400w, " in html and " 800w" in html
    assert 'loading="lazy"' in html and 'alt="Nurses"' in html
    assert rendition(media, html).size == (800, 533)


def test_card_image_keeps_the_focal_point_in_the_crop(media):
    # A wide image cropped to 3:2 loses its sides: the focal point chooses which side stays.
    left = render("{% card_image p %}", p=project_with_photo(photo(2400, 800), image_focal_x=0))
    right = render("{% card_image p %}", p=project_with_photo(photo(2400, 800), image_focal_x=100))
    red, _green, blue = rendition(media, left).convert("RGB").getpixel((10, 10))
    assert red > 200 and blue < 50
    red, _green, blue = rendition(media, right).convert("RGB").getpixel((10, 10))
    assert blue > 200 and red < 50


def test_card_image_is_eager_when_asked_for_the_first_card(media):
    html = render('{% card_image p loading="eager" %}', p=project_with_photo(photo()))
    assert 'loading="eager"' in html


def test_small_images_are_never_upscaled(media):
    html = render("{% card_image p %}", p=project_with_photo(photo(300, 300)))
    assert 'width="300" height="200"' in html


def test_responsive_image_crops_to_a_ratio_when_asked(media):
    project = project_with_photo(photo())
    html = render(
        '{% responsive_image p.image alt=p.image_alt ratio="1:1" focal_x=20 %}', p=project
    )
    assert 'width="900" height="900"' in html


def test_a_broken_image_file_shows_the_country_map_instead_of_failing(media, client):
    rwanda = CountryFactory(code="RW")
    project = ProjectFactory(
        countries=[rwanda], image_alt_en="Nurses", image_alt_fr="Des infirmières"
    )
    project.image.save("photo.png", ContentFile(b"not an image at all"), save=False)
    Project.objects.filter(pk=project.pk).update(image=project.image.name)
    project = Project.objects.published().get(pk=project.pk)
    html = render("{% card_image p %}", p=project)
    assert 'src="/static/maps/countries/rw.svg"' in html
    assert client.get(rwanda.get_absolute_url()).status_code == 200


def test_a_project_without_image_shows_its_country_outline_as_decoration():
    rwanda = CountryFactory(code="RW")
    ProjectFactory(countries=[rwanda])
    project = Project.objects.published().get()
    html = render("{% card_image p %}", p=project)
    assert re.fullmatch(
        r'<img class="teaser__map" src="/static/maps/countries/rw.svg" alt="" '
        r'width="\d+" height="\d+" loading="lazy" decoding="async">',
        html,
    )


def test_a_country_without_image_shows_its_outline_and_palestine_has_one():
    assert 'src="/static/maps/countries/ps.svg"' in render(
        "{% card_image c %}", c=CountryFactory(code="PS")
    )


def test_a_card_about_nothing_mappable_stays_empty_without_a_query(django_assert_num_queries):
    event = EventFactory()
    with django_assert_num_queries(0):
        assert render("{% card_image e %}", e=event) == ""


@pytest.mark.parametrize("value", [-1, 101])
def test_focal_point_is_a_percentage(value):
    project = ProjectFactory.build(image_focal_x=value)
    with pytest.raises(ValidationError) as error:
        project.clean_fields()
    assert "image_focal_x" in error.value.message_dict


def test_focal_point_defaults_to_the_centre():
    project = ProjectFactory()
    assert (project.image_focal_x, project.image_focal_y) == (50, 50)


@pytest.mark.parametrize("factory", [CountryFactory, CallFactory, EventFactory])
def test_new_image_slots_need_their_text_alternative_in_every_language(factory):
    item = factory.build(
        image="x/photo.png", image_width=10, image_height=10, image_alt_en="A map", image_alt_fr=""
    )
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert "image_alt_fr" in error.value.message_dict


def test_a_focal_point_left_empty_is_the_centre():
    project = ProjectFactory(image_focal_x=None, image_focal_y=None)
    project.refresh_from_db()
    assert (project.image_focal_x, project.image_focal_y) == (50, 50)
