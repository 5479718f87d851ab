import json

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from portal.core.admin import TranslatedAdmin, TranslationMissingFilter
from portal.core.admin_readonly import RichTextReadOnlyMixin
from portal.core.i18n import localized_fields, prepopulated_slugs, source_language
from portal.core.images import image_fieldset
from portal.core.spoken_languages import language_choices
from projects.models import Call, CallLanguage, Country, Partner, Project, Sector, Skill, Target


@admin.register(Country)
class CountryAdmin(TranslatedAdmin):
    list_display = ["name", "code", "is_focus", "translation_status"]
    list_filter = ["is_focus", TranslationMissingFilter]
    search_fields = ["code", *localized_fields("name")]
    fieldsets = [
        (None, {"fields": ["code", "name", "is_focus", "profile"]}),
        image_fieldset(),
    ]


@admin.register(Sector)
class SectorAdmin(TranslatedAdmin):
    list_display = ["name", "code", "translation_status"]
    list_filter = [TranslationMissingFilter]
    search_fields = ["code", *localized_fields("name")]

    def get_prepopulated_fields(self, request, obj=None):
        return {"code": (build_localized_fieldname("name", source_language()),)}


@admin.register(Skill)
class SkillAdmin(TranslatedAdmin):
    """The talent pool's controlled vocabulary: experts choose from the offered skills, calls
    prefer some of them (their search fields serve the calls' autocomplete)."""

    # No code column: with it the translations column was cut at 1280 px in French.
    list_display = ["name", "sector_shown", "is_active", "translation_status"]
    empty_value_display = _("Other skills")  # the sector filter's "no sector"
    list_filter = ["sector", "is_active", TranslationMissingFilter]
    list_select_related = ["sector"]
    search_fields = ["code", *localized_fields("name")]
    ordering = [F("sector__name").asc(nulls_last=True), "name"]
    fields = ["name", "code", "sector", "is_active"]

    @admin.display(description=_("sector"), ordering="sector__name")
    def sector_shown(self, skill: Skill) -> str:
        """A skill without a sector is among "Other skills", as members see it."""
        return skill.sector.name if skill.sector else gettext("Other skills")

    def get_prepopulated_fields(self, request, obj=None):
        return {"code": (build_localized_fieldname("name", source_language()),)}

    def get_search_results(self, request, queryset, search_term):
        """A call's autocomplete offers only the skills still offered."""
        if request.GET.get("model_name") == "call":
            queryset = queryset.filter(is_active=True)
        return super().get_search_results(request, queryset, search_term)


@admin.register(Partner)
class PartnerAdmin(TranslatedAdmin):
    list_display = ["name", "role", "website", "translation_status"]
    list_filter = ["role", TranslationMissingFilter]
    search_fields = localized_fields("name")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class TargetForm(forms.ModelForm):
    """A counted target's progress is the apps' count, never typed: shown, not editable
    (the apps recount it as soon as the target is saved)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_counted:
            self.fields["progress"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("source", Target.Source.TYPED) != Target.Source.TYPED:
            data["progress"] = self.instance.progress if self.instance.pk else None
        return data


class TargetInline(TranslationTabularInline):
    model = Target
    form = TargetForm
    extra = 0
    fields = ["position", "label", "source", "call", "progress", "goal"]

    def get_formset(self, request, obj=None, **kwargs):
        """A target counts one of its own project's calls: only those are offered (none
        before the project is saved)."""
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["call"]
        field.queryset = field.queryset.filter(project=obj) if obj else field.queryset.none()
        return formset


class CallInline(RichTextReadOnlyMixin, TranslationStackedInline):
    model = Call
    extra = 0
    show_change_link = True
    fields = [
        "kind", "title", "slug", "description", "eligibility", "opens_at", "closes_at",
        "officer_email", "contact_role", "is_published", "publish_at", "english_only",
    ]  # fmt: skip

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")


@admin.register(Project)
class ProjectAdmin(TranslatedAdmin):
    list_display = [
        "title", "status", "start_date", "is_featured", "is_published", "publish_at",
        "translation_status",
    ]  # fmt: skip
    list_filter = [
        "status", "is_published", "is_featured", "countries_of_origin", "sectors",
        TranslationMissingFilter,
    ]  # fmt: skip
    search_fields = localized_fields("title", "summary")
    filter_horizontal = ["countries_of_origin", "countries_of_residence", "sectors", "partners"]
    inlines = [TargetInline, CallInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        image_fieldset("image_caption"),
        (
            _("Where and what"),
            {"fields": ["countries_of_origin", "countries_of_residence", "sectors"]},
        ),
        (_("Partners"), {"fields": ["partners", "funder"]}),
        (_("Contact"), {"fields": ["contact_role", "contact_email"]}),
        (
            _("Period and status"),
            {"fields": ["start_date", "end_date", "status", "is_featured"]},
        ),
        (
            _("Publication"),
            {"fields": ["is_published", "publish_at", "english_only"]},
        ),
    ]

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")


class CallLanguageForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)

    class Meta:
        model = CallLanguage
        fields = ["language", "level"]


class CallLanguageInline(admin.StackedInline):
    """The languages a call requires (codes and levels: the same in every language).
    Stacked: each select and the delete box has its own label (a tabular row has none)."""

    model = CallLanguage
    form = CallLanguageForm
    extra = 0
    verbose_name = _("required language")
    verbose_name_plural = _("Required languages (matching the talent pool)")


class ChosenItemsAutocomplete(AutocompleteSelectMultiple):
    """Each chosen item has its own remove button: without select2's "clear all" cross,
    which it puts in the list of chosen items as a non-item (an accessibility error)."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-allow-clear"] = "false"
        return attrs


class CallForm(forms.ModelForm):
    class Meta:
        # A few dozen countries and sectors: boxes to tick, readable without script.
        widgets = {
            "match_countries": forms.CheckboxSelectMultiple,
            "match_sectors": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "match_min_years": _(
                "Required: experts with fewer years are not proposed. Empty: no minimum."
            ),
            "match_work_mode": _("Not required: experts who work this way are ranked higher."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "match_countries" in self.fields:
            # Origins are the focus countries (a country chosen before stays offered).
            chosen = self.instance.match_countries.values("pk") if self.instance.pk else []
            self.fields["match_countries"].queryset = Country.objects.filter(
                Q(is_focus=True) | Q(pk__in=chosen)
            )


class RequiredLanguagesFormSet(helpers.InlineAdminFormSet):
    """The languages inline's add link: "Add a required language" (not Django's "Add
    another Required language")."""

    def inline_formset_data(self) -> str:
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = gettext("Add a required language")
        return json.dumps(data)


MATCHING_HELP = _(
    "Used for calls for candidates only. Required criteria (countries, sectors, minimum "
    "years, languages) filter the talent pool: an expert who misses one is proposed only "
    "when an officer includes the profiles missing one requirement on the matching page. "
    "Preferred skills and way of working only rank the experts."
)


@admin.register(Call)
class CallAdmin(TranslatedAdmin):
    form = CallForm
    list_display = [
        "title", "project", "kind", "opens_at", "closes_at", "is_published", "translation_status",
    ]  # fmt: skip
    list_filter = ["kind", "is_published", "project", TranslationMissingFilter]
    list_select_related = ["project"]
    search_fields = localized_fields("title")
    date_hierarchy = "closes_at"
    fieldsets = [
        (None, {"fields": ["project", "kind", "title", "slug", "description", "eligibility"]}),
        (_("Window"), {"fields": ["opens_at", "closes_at"]}),
        image_fieldset(),
        (_("Publication"), {"fields": ["is_published", "publish_at", "english_only"]}),
        (_("Follow-up and contact"), {"fields": ["officer_email", "contact_role"]}),
        (
            _("Matching the talent pool"),
            {
                "fields": [
                    "match_countries",
                    "match_sectors",
                    "match_min_years",
                    "match_skills",
                    "match_work_mode",
                ],
                "description": MATCHING_HELP,
                "classes": ["criteria"],
            },
        ),
    ]
    autocomplete_fields = ["match_skills"]
    inlines = [CallLanguageInline]

    class Media:
        css = {"all": ["portal/admin/criteria.css"]}
        js = ["portal/admin/autocomplete_labels.js"]

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        result = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for admin_formset in result:
            if isinstance(admin_formset.opts, CallLanguageInline):
                admin_formset.__class__ = RequiredLanguagesFormSet
        return result

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = ChosenItemsAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_prepopulated_fields(self, request, obj=None):
        return prepopulated_slugs("title")
