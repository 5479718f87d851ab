"""Sign-in links: one row per link emailed, so that each works once and for a short time.

The row keeps a hash of the link's random secret, never the secret itself: someone who reads
the database (a backup, a replica) cannot sign in with what they find there. The link
carries the row's id and the secret, signed with a salt bound to the link's purpose
(members.links)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInLinkQuerySet(models.QuerySet):
    def usable(self, now) -> "SignInLinkQuerySet":
        return self.filter(used_at__isnull=True, expires_at__gt=now)


class SignInLink(models.Model):
    class Purpose(models.TextChoices):
        SIGN_IN = "sign-in", _("Sign in to My space")

    email = models.EmailField(_("email address"))
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.SIGN_IN
    )
    # Where the member goes after signing in: a local path, checked before it is stored.
    next_path = models.CharField(_("next page"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=5)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = SignInLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
