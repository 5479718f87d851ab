"""The public contact of a project or a call: a role (translated) with an email address,
shown on its page and on the contact page (portal/site/contact.py). A role, not a person's
name: it outlives staff changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactRole(models.Model):
    """A call's role; its email is the programme officer's (public once a role is given)."""

    contact_role = models.CharField(
        _("contact role"),
        max_length=150,
        blank=True,
        help_text=_("A role, not a name, e.g. “Programme officer, Rwanda project”."),
    )

    class Meta:
        abstract = True


class ProjectContact(ContactRole):
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Public: use a team mailbox.")
    )

    class Meta:
        abstract = True
