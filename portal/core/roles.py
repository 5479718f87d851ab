"""The two staff roles, as groups with their permissions (kept in step after every
`migrate`, and by `manage.py setup_roles`):

- Editors write the content (newsletter, projects, calls, events, site pages) and see no
  personal data;
- Programme officers handle the people: event registrations, applications and their CVs,
  investor interests, subscribers, and export/erasure requests; they may read the content.

Staff accounts get `is_staff` and one of these groups; superusers need neither.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"
PROGRAMME_OFFICERS = "Programme officers"

CONTENT = [
    "portal.page", "portal.sitesettings", "projects.country", "projects.sector",
    "projects.partner", "projects.project", "projects.target", "projects.call",
    "events.event", "events.session", "newsletter.issue", "newsletter.article",
]  # fmt: skip
PERSONAL_DATA = [
    "registrations.registration", "registrations.application", "registrations.interest",
    "registrations.note", "newsletter.subscriber", "newsletter.delivery",
    "portal.personaldatarequest",
]  # fmt: skip

ROLES = {
    EDITORS: {label: ["add", "change", "delete", "view"] for label in CONTENT},
    PROGRAMME_OFFICERS: {
        **{label: ["view"] for label in CONTENT},
        **{label: ["add", "change", "delete", "view"] for label in PERSONAL_DATA},
        "registrations.application": ["change", "view", "download_cv"],
    },
}


def _permissions(grants: dict[str, list[str]]) -> list[Permission]:
    query = Q(pk__in=[])
    for label, actions in grants.items():
        app_label, model = label.split(".")
        codenames = [
            action if action == "download_cv" else f"{action}_{model}" for action in actions
        ]
        query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return list(Permission.objects.filter(query))


def roles_sync() -> None:
    """Create the groups or bring their permissions back to the definition above."""
    for name, grants in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(grants))
