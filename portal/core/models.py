"""Site-wide content that staff edit: the site's identity and the simple pages."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from portal.core.i18n import TranslationTracked
from portal.core.privacy import email_hmac
from portal.core.publishing import Publishable, PublishableQuerySet
from portal.core.richtext import RichTextField
from portal.core.uploads.logo import LogoField, check_logo

SITE_SETTINGS_CACHE_KEY = "portal:site-settings"
NAV_PAGES_CACHE_KEY = "portal:nav-pages"  # the published pages in the menu (site layer)


# Values that only the demo (portal/site/demo.py) or a fresh install uses: while any of them
# is in place, a system check warns in production (portal/core/checks.py). Reserved example
# domains (RFC 2606) count as placeholders wherever they appear.
DEMO_ORGANISATION_NAMES = {
    "Country Office",  # the model's default
    "Demo organisation (fictional)",
    "Organisation de démonstration (fictive)",
}
DEMO_ADDRESSES = {"Demo address (fictional)", "Adresse de démonstration (fictive)"}
# A fresh install's name and tagline, in each language from the catalogue (initial_values).
DEFAULT_SITE_NAME = gettext_noop("Diaspora Portal")
DEFAULT_TAGLINE = gettext_noop("Linking diaspora communities with their countries of origin")
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
PHONE = RegexValidator(
    r"^\+?[0-9][0-9 ().-]{5,30}$",
    _("Enter a phone number in international format, for example +32 2 123 45 67."),
)

# A name goes into email headers (the From name) and page titles: one line, no control
# character (Django refuses a header with a line break, and so every email would fail).
SINGLE_LINE = RegexValidator(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029]",
    _("Enter a single line of text, without line breaks or control characters."),
    inverse_match=True,
)


def is_reserved_domain(address: str) -> bool:
    """Whether an email address or URL is on a domain reserved for examples (RFC 2606)."""
    host = address.rsplit("@", 1)[-1] if "@" in address else urlsplit(address).hostname or ""
    host = host.lower().rstrip(".")
    return host in RESERVED_DOMAINS or host.endswith(
        tuple(f".{domain}" for domain in RESERVED_DOMAINS) + RESERVED_SUFFIXES
    )


def initial_values() -> dict[str, str]:
    """The default name and tagline in every language (settings.LANGUAGES), so that a fresh
    install reads "Portail de la diaspora" in French until staff name the site."""
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values[build_localized_fieldname("site_name", code)] = gettext(DEFAULT_SITE_NAME)
            values[build_localized_fieldname("tagline", code)] = gettext(DEFAULT_TAGLINE)
    return values


class SiteSettings(TranslationTracked):
    """The one row of settings staff change without a deploy: the organisation's identity
    (names, logo), how to reach it (address, email, phone, social links)."""

    site_name = models.CharField(
        _("site name"), max_length=100, default=DEFAULT_SITE_NAME, validators=[SINGLE_LINE]
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        validators=[SINGLE_LINE],
        help_text=_("Used where the site name is too long, such as on small screens."),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        default=DEFAULT_TAGLINE,
        validators=[SINGLE_LINE],
    )
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        default="Country Office",
        validators=[SINGLE_LINE],
    )
    logo = LogoField(
        _("logo"),
        upload_to="site/",
        blank=True,
        help_text=_(
            "A PNG image or an SVG file (plain drawing: no scripts, no links to other files), "
            "at most 512 KB. Without a logo, the site shows its own mark."
        ),
    )
    logo_width = models.PositiveIntegerField(null=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, editable=False)
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("One line per line of the address.")
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_(
            "Shown on the contact page and in the footer. An address on example.org is a "
            "demo placeholder: replace it before the site goes live."
        ),
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[PHONE],
        help_text=_("In international format, for example +32 2 123 45 67."),
    )

    # The tagline and address may stay empty; the names must exist in every language.
    required_translations = ("site_name", "organisation_name")

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # a singleton: there is only ever one row
        if not self.logo:
            self.logo_width = self.logo_height = None
        elif not self.logo._committed:  # a new upload: its size, for width/height in pages
            size = check_logo(self.logo.file)
            self.logo_width, self.logo_height = size.width, size.height
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The settings row and its social links, from the cache when possible (invalidated
        on save)."""
        settings = cache.get(SITE_SETTINGS_CACHE_KEY)
        if settings is None:
            settings, _created = cls.objects.get_or_create(pk=1, defaults=initial_values())
            settings._social_links = list(settings.links.all())  # cached with the row
            cache.set(SITE_SETTINGS_CACHE_KEY, settings, 3600)
        return settings

    @property
    def social_links(self) -> list["SocialLink"]:
        """The social media links in order; load() caches them with the settings."""
        if "_social_links" not in self.__dict__:
            self._social_links = list(self.links.all())
        return self._social_links

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    LOGO_DISPLAY_HEIGHT = 44  # px in the header; the width keeps the logo's proportions

    @property
    def logo_display_width(self) -> int:
        if not (self.logo_width and self.logo_height):
            return self.LOGO_DISPLAY_HEIGHT
        return max(1, round(self.LOGO_DISPLAY_HEIGHT * self.logo_width / self.logo_height))

    @property
    def phone_uri(self) -> str:
        """The phone number for a tel: link (digits and a leading +)."""
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone) if self.phone else ""

    def placeholders(self) -> list[str]:
        """The names of the fields that still hold a demo or example value, in any language."""
        found = []
        values = {
            name: [
                getattr(self, build_localized_fieldname(name, code)) or ""
                for code, _name in settings.LANGUAGES
            ]
            for name in ("organisation_name", "address")
        }
        if any(value in DEMO_ORGANISATION_NAMES for value in values["organisation_name"]):
            found.append(self._meta.get_field("organisation_name").verbose_name)
        if any(value.strip() in DEMO_ADDRESSES for value in values["address"]):
            found.append(self._meta.get_field("address").verbose_name)
        if self.contact_email and is_reserved_domain(self.contact_email):
            found.append(self._meta.get_field("contact_email").verbose_name)
        if any(is_reserved_domain(link.url) for link in self.links.all()):
            found.append(SocialLink._meta.verbose_name_plural)
        return [str(name) for name in found]


class SocialLink(models.Model):
    """One of the organisation's accounts elsewhere (LinkedIn, Facebook, ...), listed on the
    contact page and in the site's schema.org data."""

    settings = models.ForeignKey(
        SiteSettings, on_delete=models.CASCADE, related_name="links", editable=False
    )
    label = models.CharField(
        _("label"), max_length=50, help_text=_("The service's name, for example LinkedIn.")
    )
    url = models.URLField(
        _("address"),
        validators=[
            URLValidator(schemes=["https"], message=_("Enter an address starting with https://."))
        ],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("social media link")
        verbose_name_plural = _("social media links")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        self.settings_id = 1  # the singleton's
        super().save(*args, **kwargs)


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
