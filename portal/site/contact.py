"""Who to contact: the organisation (site settings) and the named contact roles of the
published projects and their open calls, for the contact page and schema.org data."""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from portal.core.i18n import language_in_text
from portal.core.models import SiteSettings
from projects.models import Call, Project

FALLBACK_LOGO = "img/logo-mark.svg"  # the site's own mark (static), when staff set no logo


@dataclass(frozen=True)
class Contact:
    role: str
    email: str


@dataclass
class ProjectContacts:
    project: Project
    contacts: list[Contact] = field(default_factory=list)


def contacts_by_project() -> list[ProjectContacts]:
    """The published projects that name a contact (on the project or on one of its open
    calls), in the projects' order, each with its contacts (project first, then calls)."""
    groups: dict[int, ProjectContacts] = {}
    for project in Project.objects.public().exclude(contact_email="").order_by("pk"):
        if project.contact_role:
            group = groups.setdefault(project.pk, ProjectContacts(project))
            group.contacts.append(Contact(project.contact_role, project.contact_email))
    # A call's programme officer is public only when staff gave the call a contact role.
    for call in Call.objects.open().order_by("pk"):
        if not call.contact_role:  # in this language or the fallback one
            continue
        group = groups.setdefault(call.project_id, ProjectContacts(call.project))
        contact = Contact(call.contact_role, call.officer_email)
        if contact not in group.contacts:
            group.contacts.append(contact)
    return sorted(groups.values(), key=lambda group: str(group.project.title).casefold())


def answer_languages() -> str:
    """The languages a visitor may write in, for the end of a sentence: "in English or in
    French" (settings.LANGUAGES, never a list written here)."""
    names = [
        pgettext("in a language", "in %(language)s") % {"language": language_in_text(code)}
        for code, _name in settings.LANGUAGES
    ]
    if len(names) == 1:
        return names[0]
    return gettext("%(first)s or %(last)s") % {
        "first": ", ".join(names[:-1]),
        "last": names[-1],
    }


def logo_url(site: SiteSettings) -> str:
    return site.logo.url if site.logo else static(FALLBACK_LOGO)


def organization_jsonld(
    site: SiteSettings, request: HttpRequest, groups: list[ProjectContacts] = ()
) -> dict:
    """schema.org `Organization` with its `ContactPoint`s: the organisation's own (email,
    telephone), then each named project or call contact role."""
    languages = [code for code, _name in settings.LANGUAGES]
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": site.organisation_name,
        "url": request.build_absolute_uri(reverse("portal:home")),
        "logo": request.build_absolute_uri(logo_url(site)),
    }
    if site.short_name:
        data["alternateName"] = site.short_name
    if site.address_lines:
        data["address"] = ", ".join(site.address_lines)
    if site.contact_email:
        data["email"] = site.contact_email
    if site.phone:
        data["telephone"] = site.phone
    if site.social_links:
        data["sameAs"] = [link.url for link in site.social_links]
    points = []
    if site.contact_email or site.phone:
        point = {"@type": "ContactPoint", "contactType": gettext("general enquiries")}
        if site.contact_email:
            point["email"] = site.contact_email
        if site.phone:
            point["telephone"] = site.phone
        points.append({**point, "availableLanguage": languages})
    for group in groups:
        for contact in group.contacts:
            points.append(
                {
                    "@type": "ContactPoint",
                    "contactType": contact.role,
                    "email": contact.email,
                    "description": group.project.title,
                    "availableLanguage": languages,
                }
            )
    if points:
        data["contactPoint"] = points
    return data
