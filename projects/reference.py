"""Reference data that projects point to: countries, sectors and partners."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core.collation import Alphabetical
from portal.core.i18n import TranslationTracked
from portal.core.images import ContentImageField, ImageSlot, missing_alt_errors


class Country(ImageSlot, TranslationTracked):
    """A country of origin (the focus countries) or of residence, by ISO 3166-1 code."""

    code = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        unique=True,
        help_text=_("Two capital letters, for example RW for Rwanda."),
    )
    name = models.CharField(_("name"), max_length=100)
    is_focus = models.BooleanField(
        _("focus country of origin"),
        default=False,
        help_text=_("One of the countries of origin our programmes focus on."),
    )
    profile = models.TextField(_("profile"), blank=True)

    required_translations = ("name",)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = [Alphabetical("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso_alpha2"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.code = (self.code or "").upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("projects:country-detail", kwargs={"code": self.code.lower()})

    def clean(self) -> None:
        errors = missing_alt_errors(self)
        if errors:
            raise ValidationError(errors)
        super().clean()


class Sector(TranslationTracked):
    """A field of work (health, education, ...); its code is the value used in URLs."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    required_translations = ("name",)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = [Alphabetical("name")]

    def __str__(self) -> str:
        return self.name


class Skill(TranslationTracked):
    """A skill or occupation of the talent pool's controlled vocabulary (staff keep it in
    the admin): what experts say they can do, and what a call would like them to."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skills",
    )
    is_active = models.BooleanField(
        _("offered"),
        default=True,
        help_text=_("Only offered skills can be chosen; profiles keep the ones they have."),
    )

    required_translations = ("name",)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = [Alphabetical("name")]

    def __str__(self) -> str:
        return self.name


class Partner(TranslationTracked):
    """An office or organisation the projects work with or are funded by."""

    class Role(models.TextChoices):
        IMPLEMENTING = "implementing", _("Implementing partner")
        FUNDER = "funder", _("Funder")
        HOST = "host", _("Host institution")

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    website = models.URLField(_("website"), blank=True)
    logo = ContentImageField(_("logo"), upload_to="partners/", blank=True)

    required_translations = ("name",)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = [Alphabetical("name")]

    def __str__(self) -> str:
        return self.name
