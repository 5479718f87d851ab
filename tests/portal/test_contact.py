"""The contact page: the organisation, how to reach it, the named contact roles of projects
and open calls, and schema.org `Organization` data (also on the home page)."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.core.models import SiteSettings, SocialLink
from tests.projects.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def jsonld_blocks(html: str) -> list:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def organization(html: str) -> dict:
    [data] = [block for block in jsonld_blocks(html) if block.get("@type") == "Organization"]
    return data


@pytest.fixture
def identity():
    site = SiteSettings.load()
    site.organisation_name_en = "IOM Belgium and Luxembourg"
    site.organisation_name_fr = "OIM Belgique et Luxembourg"
    site.address_en = "Rue Montoyer 40\n1000 Brussels"
    site.address_fr = "Rue Montoyer 40\n1000 Bruxelles"
    site.contact_email = "diaspora@iom.int"
    site.phone = "+32 2 287 70 00"
    site.save()
    SocialLink.objects.create(label="LinkedIn", url="https://www.linkedin.com/company/iom")
    return site


@pytest.fixture
def contacts():
    rwanda = ProjectFactory(
        title_en="Rwanda skills",
        title_fr="Compétences Rwanda",
        contact_role_en="Programme officer, Rwanda project",
        contact_role_fr="Chargée de programme, projet Rwanda",
        contact_email="rwanda@iom.int",
    )
    CallFactory(
        project=rwanda,
        contact_role_en="Recruitment officer",
        contact_role_fr="Chargé du recrutement",
        officer_email="recruit@iom.int",
    )
    # Not listed: a call without a contact role (its officer's address stays private),
    # a closed call, an unpublished project.
    CallFactory(project=rwanda, officer_email="private@iom.int")
    CallFactory(
        project=rwanda,
        contact_role_en="Old call officer",
        officer_email="old@iom.int",
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )
    ProjectFactory(contact_role_en="Hidden", contact_email="hidden@iom.int", is_published=False)


def test_contact_urls_in_each_language():
    for code in ("en", "fr"):
        with translation.override(code):
            assert reverse("portal:contact") == f"/{code}/contact/"


def test_contact_page_lists_the_organisation_and_the_named_roles(client, identity, contacts):
    html = client.get("/en/contact/").text
    assert "<h1>Contact us</h1>" in html
    assert "or a call for cooperation, in English or in French." in html
    assert "Rue Montoyer 40<br>1000 Brussels" in html
    assert '<a href="mailto:diaspora@iom.int">' in html
    assert '<a href="tel:+3222877000">+32 2 287 70 00</a>' in html
    assert '<a href="https://www.linkedin.com/company/iom" rel="me">LinkedIn</a>' in html
    assert "Rwanda skills</a></h3>" in html
    assert "<dt>Programme officer, Rwanda project</dt>" in html
    assert "<dt>Recruitment officer</dt>" in html
    assert "recruit@iom.int" in html
    for hidden in ("private@iom.int", "old@iom.int", "hidden@iom.int"):
        assert hidden not in html


def test_contact_page_in_french(client, identity, contacts):
    html = client.get("/fr/contact/").text
    assert "<h1>Nous contacter</h1>" in html
    assert "d’un appel à coopération, en anglais ou en français." in html
    assert "<dt>Courriel</dt>" in html
    assert "1000 Bruxelles" in html
    assert "Compétences Rwanda</a></h3>" in html
    assert "<dt>Chargée de programme, projet Rwanda</dt>" in html


def test_contact_page_without_project_contacts_says_where_to_write(client, identity):
    html = client.get("/fr/contact/").text
    assert "Aucun contact de projet n’est indiqué pour le moment." in html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_contact_page_describes_the_organisation_in_schema_org(
    client, identity, contacts, language
):
    data = organization(client.get(f"/{language}/contact/").text)
    assert data["@context"] == "https://schema.org"
    assert data["name"] == identity.organisation_name  # as read in this language
    assert data["url"] == f"http://testserver/{language}/"
    assert data["sameAs"] == ["https://www.linkedin.com/company/iom"]
    general, *roles = data["contactPoint"]
    assert general["@type"] == "ContactPoint"
    assert (general["email"], general["telephone"]) == ("diaspora@iom.int", "+32 2 287 70 00")
    assert general["availableLanguage"] == ["en", "fr"]
    assert [(point["contactType"], point["email"]) for point in roles] == [
        (
            "Programme officer, Rwanda project"
            if language == "en"
            else "Chargée de programme, projet Rwanda",
            "rwanda@iom.int",
        ),
        ("Recruitment officer" if language == "en" else "Chargé du recrutement", "recruit@iom.int"),
    ]
    with translation.override(language):
        assert data["name"] == SiteSettings.objects.get().organisation_name


def test_home_page_carries_the_organisation_other_pages_do_not(client, identity):
    data = organization(client.get("/fr/").text)
    assert data["name"] == "OIM Belgique et Luxembourg"
    assert data["contactPoint"][0]["contactType"] == "renseignements généraux"
    search = client.get(reverse("portal:search")).text
    assert not [b for b in jsonld_blocks(search) if b.get("@type") == "Organization"]


def test_schema_org_text_cannot_close_its_script_tag(client, identity):
    identity.organisation_name_en = "</script><script>alert(1)</script>"
    identity.save()
    html = client.get("/en/contact/").text
    assert "<script>alert(1)" not in html
    assert organization(html)["name"] == "</script><script>alert(1)</script>"


def test_admin_title_is_the_site_name_in_the_staff_members_language(admin_client):
    html = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "| Portail de la diaspora</title>" in html
    assert "Portail de la diaspora – administration</a>" in html
    assert "Diaspora portal" not in html
    html = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Diaspora Portal – administration</a>" in html


def test_brand_shows_the_uploaded_logo_with_its_size_or_the_sites_mark(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site = SiteSettings.load()
    html = render_to_string("includes/brand.html", {"site": site})
    assert 'src="/static/img/logo-mark.svg" alt="" width="44" height="44"' in html
    site.logo = SimpleUploadedFile(
        "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50"></svg>'
    )
    site.save()
    html = render_to_string("includes/brand.html", {"site": site})
    assert re.search(r'src="/media/site/logo[^"]*\.svg" alt="" width="176" height="44"', html)
    assert '<span class="brand__name">Diaspora Portal</span>' in html
