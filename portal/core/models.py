"""Site-wide content that staff edit: the site's identity and the simple pages."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core.i18n import TranslationTracked
from portal.core.privacy import email_hmac
from portal.core.publishing import Publishable, PublishableQuerySet
from portal.core.richtext import RichTextField

SITE_SETTINGS_CACHE_KEY = "portal:site-settings"
NAV_PAGES_CACHE_KEY = "portal:nav-pages"  # the published pages in the menu (site layer)


class SiteSettings(TranslationTracked):
    """The one row of settings staff change without a deploy (name, address, contact)."""

    site_name = models.CharField(_("site name"), max_length=100, default="Diaspora Portal")
    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        default="Linking diaspora communities with their countries of origin",
    )
    organisation_name = models.CharField(
        _("organisation name"), max_length=200, default="Country Office"
    )
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("One line per line of the address.")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)

    # The tagline and address may stay empty; the names must exist in every language.
    required_translations = ("site_name", "organisation_name")

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # a singleton: there is only ever one row
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The settings row, from the cache when possible (invalidated on save)."""
        settings = cache.get(SITE_SETTINGS_CACHE_KEY)
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, settings, 3600)
        return settings

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


class PeriodicTaskRun(models.Model):
    """When a periodic task last ran: the shared record through which all workers, on any
    host, run each task once per interval (portal/core/periodic.py)."""

    task = models.CharField(_("task"), max_length=200, unique=True)
    last_run_at = models.DateTimeField(_("last run at"), null=True, blank=True)
    next_run_at = models.DateTimeField(_("next run at"))

    class Meta:
        verbose_name = _("periodic task run")
        verbose_name_plural = _("periodic task runs")

    def __str__(self) -> str:
        return self.task


class PageQuerySet(PublishableQuerySet):
    def published(self) -> "PageQuerySet":
        return self.public()


class Page(Publishable):
    """A simple translated page (about, privacy notice) that staff write in the admin."""

    class Key(models.TextChoices):
        ABOUT = "about", _("About")
        PRIVACY = "privacy", _("Privacy notice")

    key = models.CharField(
        _("role on the site"),
        max_length=20,
        choices=Key.choices,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Links in the header and footer point to the page with this role."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    version = models.CharField(
        _("version"),
        max_length=20,
        blank=True,
        help_text=_("For the privacy notice: stored with every consent given."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PageQuerySet.as_manager()

    required_translations = ("title", "slug", "body")

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:page-detail", kwargs={"slug": self.slug})

    @classmethod
    def privacy_version(cls) -> str:
        """The version of the privacy notice in force, stored with each consent."""
        version = cls.objects.filter(key=cls.Key.PRIVACY).values_list("version", flat=True)
        return version.first() or ""


class PersonalDataRequest(models.Model):
    """A staff export or erasure of everything about one email address (portal.core.privacy).
    The log keeps a keyed hash (HMAC) of the address, not the address: after an erasure
    nothing here identifies the person, yet a repeated request for the same address can be
    recognised (by whoever holds the key: PERSONAL_DATA_HMAC_KEY)."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Export everything about this email (JSON)")
        ERASE = "erase", _("Erase everything about this email")

    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    email_hash = models.CharField(_("email address (hashed)"), max_length=64, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    counts = models.JSONField(_("records per kind"), default=dict)
    reason = models.CharField(
        _("reason"),
        max_length=200,
        blank=True,
        help_text=_("How the request reached us (date, channel); never the address itself."),
    )

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.requested_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_email(email: str) -> str:
        return email_hmac(email)
