"""The member's expert profile form (one long form in sections) and the pause form."""

import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.core.collation import Alphabetical, alphabetical
from portal.core.forms import NamedErrorsMixin
from portal.core.i18n import language_in_text
from portal.core.uploads import check_document
from projects.models import Sector, Skill
from registrations.forms import SectionsMixin, SpokenLanguagesMixin
from registrations.kept_cv import KeptCVMixin, KeptFile
from registrations.models import Application
from talent.models import ExpertProfile, ProfileCountry, ProfileSummary
from talent.services import ProfileData

ORIGIN_ROWS = 2
PAUSE_MAX_DAYS = 730


def _country_choices(empty):
    return [("", empty), *countries]


class ProfileForm(SpokenLanguagesMixin, KeptCVMixin, SectionsMixin, NamedErrorsMixin, forms.Form):
    """The whole profile. A CV chosen on a submit that fails for another reason is kept
    (registrations/kept_cv.py): the member need not choose it again."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    kept_cv = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    language = forms.ChoiceField(
        label=_("Language for our emails"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    residence = forms.ChoiceField(label=_("Country of residence"))
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # a chosen skill brings its sector (clean)
        help_text=_("A skill you choose below adds its sector."),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
        help_text=_("Choose what you can do; the skills are grouped by sector."),
    )
    profession = forms.CharField(label=_("Profession"), max_length=200)
    years_of_experience = forms.IntegerField(
        label=_("Years of experience"), min_value=0, max_value=70
    )
    qualification = forms.ChoiceField(label=_("Highest qualification"))
    available_from = forms.DateField(
        label=_("Available from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty if you are available now."),
    )
    work_mode = forms.ChoiceField(
        label=_("Way of working"),
        choices=ExpertProfile.WorkMode.choices,
        widget=forms.RadioSelect,
        initial=ExpertProfile.WorkMode.EITHER,
    )
    mission_length = forms.ChoiceField(label=_("Mission length"))
    cv = forms.FileField(
        label=_("CV"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the office keeps this profile to propose me for future calls, as "
            "the privacy notice explains."
        ),
        error_messages={"required": _("Please accept the privacy notice to keep a profile.")},
    )

    def __init__(self, *args, current_cv: bool = False, application: Application | None = None,
                 consent_needed: bool = True, **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.current_cv = current_cv
        self.application = application
        self.consent_needed = consent_needed
        self.added_sectors: list[Sector] = []
        if not consent_needed:
            del self.fields["consent"]  # given for the privacy notice in force (the page says so)
        self.fields["submission_key"].initial = uuid.uuid4()
        self.fields["language"].initial = get_language()
        for row in range(ORIGIN_ROWS):
            self.fields[f"origin_{row}"] = forms.ChoiceField(
                label=_("Country of origin or heritage")
                if row == 0
                else _("Another country of origin or heritage"),
                choices=_country_choices(_("Choose a country")),
                required=row == 0,
            )
        self.fields["residence"].choices = _country_choices(_("Choose a country"))
        self.fields["residence"].widget.attrs["autocomplete"] = "country"
        self.fields["sectors"].queryset = Sector.objects.order_by(Alphabetical("name"))
        self.fields["skills"].queryset = (
            Skill.objects.filter(is_active=True)
            .select_related("sector")
            .order_by(Alphabetical("name"))
        )
        self.fields["qualification"].choices = [
            ("", _("Choose a qualification")), *Application.Qualification.choices
        ]  # fmt: skip
        self.fields["mission_length"].choices = [
            ("", _("Choose a duration")), *Application.Duration.choices
        ]  # fmt: skip
        self.add_language_fields()
        for code, _name in settings.LANGUAGES:
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary in %(language)s") % {"language": language_in_text(code)},
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
            )
        self.fields["cv"].help_text = _("PDF, DOCX or ODT, at most %(size)s.") % {
            "size": filesizeformat(settings.CV_MAX_UPLOAD_BYTES)
        }
        application_cv = application is not None and bool(application.cv)
        if current_cv or application_cv:
            choices = [("keep", _("Keep my current CV"))] if current_cv else []
            if application_cv:
                choices.append(
                    ("application", _("Use the CV I sent with application %(reference)s")
                     % {"reference": application.reference})
                )  # fmt: skip
            choices.append(("upload", _("Upload another file (below)")))
            if current_cv:
                choices.append(("remove", _("Remove my CV")))
            self.fields["cv_action"] = forms.ChoiceField(
                label=_("Your CV"),
                choices=choices,
                widget=forms.RadioSelect,
                initial=choices[0][0],  # a CV kept with the profile stays unless asked
            )
        self.kept = self._kept_cv() if self.is_bound else None
        if self.kept:
            self._show_kept_cv()

    def section_names(self) -> list[tuple[str, str, list[str]]]:
        return [
            ("about-you", _("About you"), ["name", "language"]),
            ("countries", _("Countries"), [*self.origin_fields(), "residence"]),
            ("expertise", _("Expertise"), ["sectors", "skills"]),
            ("languages", _("Languages"), self.language_fields()),
            ("experience", _("Experience and qualification"),
             ["profession", "years_of_experience", "qualification"]),
            ("availability", _("Availability"), ["available_from", "work_mode", "mission_length"]),
            ("summary", _("Summary"), self.summary_fields()),
            ("cv", _("CV"), ["cv_action", "cv"]),
            ("consent", _("Consent"), ["consent"] if self.consent_needed else []),
        ]  # fmt: skip

    def skill_groups(self) -> list[dict]:
        """The skills' checkboxes by sector (talent/profile_form.html shows one group each)."""
        groups: dict = {}
        others: list = []
        for option in self["skills"].subwidgets:
            skill = option.data["value"].instance
            if skill.sector_id:
                groups.setdefault(str(skill.sector), []).append(option)
            else:
                others.append(option)
        ordered = alphabetical(groups.items(), key=lambda group: group[0])
        if others:  # the skills without a sector, last
            ordered = [*ordered, (_("Other skills"), others)]
        return [{"title": title, "options": options} for title, options in ordered]

    def origin_fields(self) -> list[str]:
        return [f"origin_{row}" for row in range(ORIGIN_ROWS)]

    def summary_fields(self) -> list[str]:
        return [f"summary_{code}" for code, _name in settings.LANGUAGES]

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        if not upload:
            return KeptFile(self.kept) if self.kept else None
        upload.original_name = upload.name
        kind = check_document(upload)
        upload.name = f"cv.{kind.extension}"  # the stored name is random (models.profile_cv_path)
        upload.content_type = kind.content_type
        return upload

    def clean(self):
        data = super().clean()
        data["languages"] = self.spoken_languages(data)
        if "sectors" in data:
            sectors = list(data["sectors"])
            for skill in data.get("skills") or ():
                if skill.sector_id and skill.sector not in sectors:
                    sectors.append(skill.sector)  # the skill's sector comes with it
                    self.added_sectors.append(skill.sector)
            if not sectors:
                self.add_error("sectors", _("Choose at least one sector."))
            data["sectors"] = sectors
        if data.get("cv_action") == "upload" and not data.get("cv") and "cv" not in self.errors:
            self.add_error("cv", _("Choose the file to upload."))
        return data

    def profile_data(self) -> ProfileData:
        data = self.cleaned_data
        return ProfileData(
            name=data["name"],
            profession=data["profession"],
            years_of_experience=data["years_of_experience"],
            qualification=data["qualification"],
            mission_length=data["mission_length"],
            work_mode=data["work_mode"],
            available_from=data.get("available_from"),
            origins=[data[name] for name in self.origin_fields() if data.get(name)],
            residences=[data["residence"]],
            sectors=list(data["sectors"]),
            skills=list(data["skills"]),
            languages=data["languages"],
            summaries={code: data.get(f"summary_{code}", "") for code, _n in settings.LANGUAGES},
        )

    def remove_cv(self) -> bool:
        return self.cleaned_data.get("cv_action") == "remove"

    def wants_application_cv(self) -> bool:
        return self.cleaned_data.get("cv_action") == "application" and not self.cleaned_data.get(
            "cv"
        )


def initial_from_profile(profile: ExpertProfile) -> dict:
    """The form's initial values from a saved profile (its rows prefetched)."""
    initial = {
        "name": profile.name,
        "language": profile.language,
        "profession": profile.profession,
        "years_of_experience": profile.years_of_experience,
        "qualification": profile.qualification,
        "available_from": profile.available_from,
        "work_mode": profile.work_mode,
        "mission_length": profile.mission_length,
        "sectors": list(profile.sectors.all()),
        "skills": list(profile.skills.all()),
    }
    countries_ = list(profile.countries.all())
    origins = [c.country.code for c in countries_ if c.kind == ProfileCountry.Kind.ORIGIN]
    residences = [c.country.code for c in countries_ if c.kind == ProfileCountry.Kind.RESIDENCE]
    for row, code in enumerate(origins[:ORIGIN_ROWS]):
        initial[f"origin_{row}"] = code
    if residences:
        initial["residence"] = residences[0]
    initial.update(ProfileForm.language_initial(profile.spoken()))
    summary: ProfileSummary
    for summary in profile.summaries.all():
        initial[f"summary_{summary.language}"] = summary.text
    return initial


def initial_from_application(application: Application) -> dict:
    """The form's initial values from the member's own application."""
    initial = {
        "name": application.name,
        "language": application.language,
        "profession": application.profession,
        "years_of_experience": application.years_of_experience,
        "qualification": application.qualification,
        "available_from": application.available_from,
        "mission_length": application.availability,
        "sectors": [application.sector] if application.sector_id else [],
        "origin_0": application.country_of_origin.code,
        "residence": application.country_of_residence.code,
    }
    initial.update(ProfileForm.language_initial(application.languages or []))
    return initial


class PauseForm(NamedErrorsMixin, forms.Form):
    until = forms.DateField(
        label=_("Not available until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A date in the next two years. We will not propose you for calls until then."),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until <= today:
            raise forms.ValidationError(_("Choose a date in the future."))
        if until > today + timedelta(days=PAUSE_MAX_DAYS):
            raise forms.ValidationError(_("Choose a date within the next two years."))
        return until
