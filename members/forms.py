from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.forms import HoneypotMixin, NamedErrorsMixin


class SignInForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We will email you a link to sign in. No password needed."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)


class EraseForm(NamedErrorsMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this erases everything listed above and cannot be undone."),
        error_messages={"required": _("Tick this box to confirm that you want to erase it all.")},
    )
