import phonenumbers
from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.forms import HoneypotMixin
from registrations.models import Registration


class RegistrationForm(HoneypotMixin, forms.ModelForm):
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
        labels = {"language": _("Language for our emails")}
        help_texts = {
            "phone": _("Optional. With the country code, for example +32 470 12 34 56."),
            "accessibility_needs": _(
                "Optional. Tell us anything that would help you take part (access, "
                "interpretation, ...)."
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
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = get_language()
        for name in ("country_of_residence", "country_of_origin"):
            countries = list(self.fields[name].choices)[1:]  # without Django's "---------"
            self.fields[name].choices = [("", _("Choose a country")), *countries]
        self.fields["country_of_residence"].widget.attrs["autocomplete"] = "country"

    def clean_phone(self) -> str:
        """An optional phone number, stored in international form (E.164). Without a
        leading +, it is read as a number of the country of residence."""
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        region = str(self.data.get(self.add_prefix("country_of_residence")) or "").upper()
        try:
            number = phonenumbers.parse(value, region or None)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(
                _("Enter a valid phone number with its country code, for example +32 470 12 34 56.")
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
