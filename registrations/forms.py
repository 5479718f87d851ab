import uuid
from dataclasses import dataclass, field

import phonenumbers
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.core.collation import Alphabetical
from portal.core.forms import HoneypotMixin
from portal.core.spoken_languages import LEVELS, language_choices
from portal.core.uploads import check_document
from projects.models import Call, Sector
from registrations.kept_cv import KeptCVMixin, KeptFile
from registrations.models import Application, Interest, Registration

PHONE_HELP = _("With the country code, for example +32 470 12 34 56.")
CONSENT_ERROR = _("Please accept the privacy notice to send this form.")


def clean_phone_number(value: str, region: str) -> str:
    """An optional phone number in international form (E.164). Without a leading +, it is
    read as a number of `region` (the country the person gave)."""
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, region.upper() or None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            _("Enter a valid phone number with its country code, for example +32 470 12 34 56.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass
class Section:
    """A titled part of a long form: its id (the anchor the steps list links to), its
    heading, and its fields' names (a section without fields is left out)."""

    id: str
    title: str
    names: list[str]
    fields: list = field(default_factory=list)


class SectionsMixin:
    """A long form cut into sections with headings (see `section_names`)."""

    def section_names(self) -> list[tuple[str, str, list[str]]]:
        return []

    def sections(self) -> list[Section]:
        sections = []
        for id_, title, names in self.section_names():
            bound = [self[name] for name in names if name in self.fields]
            if bound:
                sections.append(Section(id=id_, title=title, names=names, fields=bound))
        return sections

    def fields_in_page_order(self) -> list[forms.BoundField]:
        """Section by section, then the fields outside them (hidden ones, the honeypot)."""
        inside = [field for section in self.sections() for field in section.fields]
        names = {field.name for field in inside}
        return [*inside, *(field for field in self if field.name not in names)]


def with_country_placeholder(form: forms.Form, *names: str) -> None:
    for name in names:
        countries = list(form.fields[name].choices)[1:]  # without Django's "---------"
        form.fields[name].choices = [("", _("Choose a country")), *countries]


class PersonForm(HoneypotMixin, forms.ModelForm):
    """What every form about a person shares: the language of our emails (the visitor's
    by default) and an optional phone number read in the country named in `region_field`."""

    region_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = get_language()
        self.fields["language"].label = _("Language for our emails")
        self.fields["phone"].help_text = PHONE_HELP

    def clean_phone(self) -> str:
        region = str(self.data.get(self.add_prefix(self.region_field)) or "")
        return clean_phone_number(self.cleaned_data["phone"], region)


class RegistrationForm(PersonForm):
    region_field = "country_of_residence"
    consent = forms.BooleanField(
        label=_(
            "I agree that the office keeps these details to organise the event, as the "
            "privacy notice explains."
        ),
        error_messages={"required": _("Please accept the privacy notice to register.")},
    )

    class Meta:
        model = Registration
        fields = [
            "name", "email", "phone", "country_of_residence", "country_of_origin", "language",
            "accessibility_needs",
        ]  # fmt: skip
        help_texts = {
            "accessibility_needs": _(
                "Tell us anything that would help you take part (access, interpretation, ...)."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "language": forms.RadioSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_country_placeholder(self, "country_of_residence", "country_of_origin")
        self.fields["country_of_residence"].widget.attrs["autocomplete"] = "country"
        # Optional in the model for people added at the door only.
        for name in ("email", "country_of_residence", "country_of_origin"):
            self.fields[name].required = True


LANGUAGE_ROWS = 4


class SubmissionForm(SectionsMixin, PersonForm):
    """What the candidate and investor forms share: a one-time key (a resubmitted POST is
    recognised) and consent."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_(
            "I agree that the office keeps these details to handle my request, as the "
            "privacy notice explains."
        ),
        error_messages={"required": CONSENT_ERROR},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4()

    def details(self) -> dict:
        """The model fields, as the services take them."""
        skip = {"consent", "website", "submission_key", "kept_cv"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class SpokenLanguagesMixin:
    """Rows of a language and a level (the first row required), read as a list of
    {"language", "level"}: the application form's and the expert profile's."""

    def add_language_fields(self) -> None:
        languages = language_choices()
        for row in range(LANGUAGE_ROWS):
            self.fields[f"spoken_language_{row}"] = forms.ChoiceField(
                label=_("Language %(number)s") % {"number": row + 1},
                choices=languages,
                required=row == 0,
            )
            self.fields[f"spoken_level_{row}"] = forms.ChoiceField(
                label=_("Level in language %(number)s") % {"number": row + 1},
                choices=[("", _("Choose a level")), *LEVELS],
                required=row == 0,
            )

    def language_fields(self) -> list[str]:
        return [
            f"spoken_{kind}_{row}" for row in range(LANGUAGE_ROWS) for kind in ("language", "level")
        ]

    def spoken_languages(self, data: dict) -> list[dict]:
        """The rows filled in, each language once, with an error on a half-filled row."""
        spoken, chosen = [], set()
        for row in range(LANGUAGE_ROWS):
            language = data.get(f"spoken_language_{row}")
            level = data.get(f"spoken_level_{row}")
            if language and language in chosen:
                message = _("You have already chosen this language.")
                self.add_error(f"spoken_language_{row}", message)
                continue
            chosen.add(language)
            if language and not level:
                self.add_error(f"spoken_level_{row}", _("Choose the level for this language."))
            elif level and not language:
                self.add_error(f"spoken_language_{row}", _("Choose the language for this level."))
            elif language:
                spoken.append({"language": language, "level": level})
        return spoken

    @staticmethod
    def language_initial(rows) -> dict[str, str]:
        """The fields' initial values from {"language", "level"} rows."""
        initial = {}
        for row, spoken in enumerate(list(rows)[:LANGUAGE_ROWS]):
            initial[f"spoken_language_{row}"] = spoken.get("language", "")
            initial[f"spoken_level_{row}"] = spoken.get("level", "")
        return initial


class ApplicationForm(SpokenLanguagesMixin, KeptCVMixin, SubmissionForm):
    cv = forms.FileField(
        label=_("CV"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    kept_cv = forms.CharField(required=False, widget=forms.HiddenInput)
    region_field = "country_of_residence"

    class Meta:
        model = Application
        fields = [
            "name", "email", "phone", "country_of_origin", "country_of_residence",
            "nationality", "profession", "sector", "years_of_experience", "qualification",
            "available_from", "availability", "motivation", "language",
        ]  # fmt: skip
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "country_of_residence": forms.Select(attrs={"autocomplete": "country"}),
            "available_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "language": forms.RadioSelect,
        }
        help_texts = {
            "motivation": _("Why you, and what you would bring (at most 4,000 characters)."),
        }

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["cv"].help_text = _("PDF, DOCX or ODT, at most %(size)s.") % {
            "size": filesizeformat(settings.CV_MAX_UPLOAD_BYTES)
        }
        with_country_placeholder(self, "country_of_origin", "country_of_residence")
        nationality = list(self.fields["nationality"].choices)[1:]
        self.fields["nationality"].choices = [("", _("Prefer not to say")), *nationality]
        self.fields["sector"].queryset = Sector.objects.order_by(Alphabetical("name"))
        self.fields["sector"].empty_label = _("Choose a sector")
        self.fields["sector"].required = True
        self.fields["qualification"].choices = [
            ("", _("Choose a qualification")),
            *Application.Qualification.choices,
        ]
        self.fields["availability"].choices = [
            ("", _("Choose a duration")),
            *Application.Duration.choices,
        ]
        self.add_language_fields()
        self.criteria = call.eligibility_criteria
        for index, criterion in enumerate(self.criteria):
            self.fields[f"criterion_{index}"] = forms.ChoiceField(
                label=criterion,
                choices=[("yes", _("Yes")), ("no", _("No"))],
                widget=forms.RadioSelect,
                # The error summary shows messages alone: this one says which question.
                error_messages={
                    "required": _("Please answer yes or no to “%(question)s”.")
                    % {"question": criterion}
                },
            )
        # The CV and consent come last, after the questions.
        self.order_fields([*self.Meta.fields[:-1], *self.language_fields(), "language",
                           *self.criterion_fields(), "cv", "consent"])  # fmt: skip
        self.kept = self._kept_cv() if self.is_bound else None
        if self.kept:
            self._show_kept_cv()

    def section_names(self) -> list[tuple[str, str, list[str]]]:
        return [
            ("about-you", _("About you"), [
                "name", "email", "phone", "country_of_origin", "country_of_residence",
                "nationality", "language",
            ]),
            ("experience", _("Your experience"), [
                "profession", "sector", "years_of_experience", "qualification",
                *self.language_fields(), "available_from", "availability", "motivation",
            ]),
            ("eligibility", _("Eligibility and CV"), [*self.criterion_fields(), "cv"]),
            ("consent", _("Consent"), ["consent"]),
        ]  # fmt: skip

    def criterion_fields(self) -> list[str]:
        return [f"criterion_{index}" for index in range(len(self.criteria))]

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        if not upload:
            if self.kept:
                return KeptFile(self.kept)
            raise forms.ValidationError(self.fields["cv"].error_messages["required"])
        upload.original_name = upload.name
        kind = check_document(upload)
        upload.name = f"cv.{kind.extension}"  # the stored name is random (models.cv_path)
        upload.content_type = kind.content_type
        return upload

    def clean(self):
        data = super().clean()
        data["languages"] = self.spoken_languages(data)
        data["eligibility_answers"] = {
            criterion: data.get(f"criterion_{index}") == "yes"
            for index, criterion in enumerate(self.criteria)
        }
        return data

    def details(self) -> dict:
        extra = {*self.language_fields(), *self.criterion_fields()}
        return {k: v for k, v in super().details().items() if k not in extra}


class InterestForm(SubmissionForm):
    region_field = "country"

    class Meta:
        model = Interest
        fields = [
            "organisation", "contact_person", "email", "phone", "country", "kind", "amount",
            "message", "language",
        ]  # fmt: skip
        widgets = {
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_person": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
            "message": forms.Textarea(attrs={"rows": 6}),
            "kind": forms.RadioSelect,
            "language": forms.RadioSelect,
        }
        help_texts = {"organisation": _("Leave empty if you write as an individual.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_country_placeholder(self, "country")
        # Radios start with none chosen: no "---------" choice, checked by default.
        self.fields["kind"].choices = Interest.Kind.choices

    def section_names(self) -> list[tuple[str, str, list[str]]]:
        return [
            ("about-you", _("About you"), [
                "organisation", "contact_person", "email", "phone", "country", "language",
            ]),
            ("your-interest", _("Your interest"), ["kind", "amount", "message"]),
            ("consent", _("Consent"), ["consent"]),
        ]  # fmt: skip
