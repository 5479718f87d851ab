"""Form building blocks shared by every public form."""

from django import forms
from django.forms.utils import pretty_name
from django.utils.translation import gettext_lazy as _

REQUIRED = _("“%(field)s” is required.")


class NamedErrorsMixin(forms.Form):
    """Errors that make sense alone: the error summary (includes/form_errors.html) lists the
    messages without the labels, so Django's "This field is required." names the field."""

    def full_clean(self):
        # Here rather than in __init__: subclasses set labels after calling super().__init__.
        generic = str(forms.Field.default_error_messages["required"])
        for name, field in self.fields.items():
            if str(field.error_messages.get("required")) == generic:
                label = field.label or pretty_name(name)
                field.error_messages["required"] = REQUIRED % {"field": label}
        super().full_clean()

    def fields_in_page_order(self) -> list[forms.BoundField]:
        """The bound fields in the order a person meets them on the page."""
        return list(self)


class HoneypotMixin(NamedErrorsMixin):
    """A field that people never see and bots fill in. A filled honeypot fails validation
    with a neutral message; views treat it like any invalid form, so nothing is stored."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Your submission could not be accepted."))
        return ""


class PersonalDataRequestForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("export", _("Export everything about this email (JSON)")),
            ("erase", _("Erase everything about this email")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("How the request reached us (date, channel); never the address itself."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that erasing cannot be undone."), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "erase" and not data.get("confirm"):
            self.add_error("confirm", _("Tick this box to confirm the erasure."))
        return data
