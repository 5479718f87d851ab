"""The two staff roles, as groups with their permissions (kept in step after every
`migrate`, and by `manage.py setup_roles`):

- Editors write the content (newsletter, projects, calls, events, site pages) and see no
  personal data;
- Programme officers handle the people: event registrations, applications and their CVs,
  investor interests, subscribers, and export/erasure requests; they may read the content.

Each app grants them its models in its contributions (`role_grants`, portal/core/contract.py),
usually with `content_grants(...)` and `personal_data_grants(...)` below. Staff accounts get
`is_staff` and one of these groups; superusers need neither.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core import contract

EDITORS = "Editors"
PROGRAMME_OFFICERS = "Programme officers"
ALL = ["add", "change", "delete", "view"]

# Each role's name and what it may do, in the staff member's language (the group names above
# are stored in English).
ROLE_DESCRIPTIONS = {
    EDITORS: (
        pgettext_lazy("staff role", "Editors"),
        _(
            "Write the content: newsletter issues and articles, projects, calls, events and "
            "site pages. They see no personal data: no registrations, applications, CVs, "
            "interests or subscribers."
        ),
    ),
    PROGRAMME_OFFICERS: (
        pgettext_lazy("staff role", "Programme officers"),
        _(
            "Handle the people: event registrations and attendee lists, applications and "
            "their CVs, investor interests, subscribers, and data-protection requests. They "
            "may read the content."
        ),
    ),
}


def user_roles(user) -> list[str]:
    """The roles (group names) `user` holds, in the order of ROLE_DESCRIPTIONS."""
    held = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLE_DESCRIPTIONS if role in held]


Grants = dict[str, dict[str, list[str]]]  # role -> model label -> actions


def content_grants(*models: type[Model]) -> Grants:
    """Editors write these models; programme officers read them."""
    labels = [model._meta.label_lower for model in models]
    return {
        EDITORS: {label: ALL for label in labels},
        PROGRAMME_OFFICERS: {label: ["view"] for label in labels},
    }


def personal_data_grants(*models: type[Model]) -> Grants:
    """Programme officers handle these models; editors never see them."""
    return {PROGRAMME_OFFICERS: {model._meta.label_lower: ALL for model in models}}


def grants_merge(*grants: Grants) -> Grants:
    """One app's grants from several parts; a later part wins a model's actions."""
    result: Grants = {}
    for part in grants:
        for role, models in part.items():
            result.setdefault(role, {}).update(models)
    return result


def roles() -> Grants:
    """Every role with what the installed apps grant it."""
    return grants_merge(
        {EDITORS: {}, PROGRAMME_OFFICERS: {}},
        *(declared.role_grants for _config, declared in contract.app_contributions()),
    )


def _permissions(grants: dict[str, list[str]]) -> list[Permission]:
    query = Q(pk__in=[])
    for label, actions in grants.items():
        app_label, model = label.split(".")
        # An action names the permission `<action>_<model>` (Django's own, and model
        # permissions named that way: view_email_question) or, for a model's own permission
        # named otherwise (download_cv, search_pool), its codename as it is.
        codenames = [name for action in actions for name in (f"{action}_{model}", action)]
        query |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=codenames,
        )
    return list(Permission.objects.filter(query))


def roles_sync() -> None:
    """Create the groups or bring their permissions back to what the apps grant."""
    for name, grants in roles().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(grants))
