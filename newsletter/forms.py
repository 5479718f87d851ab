from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.core.forms import HoneypotMixin, NamedErrorsMixin


class MemberSubscribeForm(NamedErrorsMixin, forms.Form):
    """Subscribing from My space: the address is the signed-in member's."""

    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to receive the newsletter and to the processing of my data described in "
            "the privacy notice."
        ),
        error_messages={
            "required": _(
                "To subscribe, please agree to the processing of your data described in the "
                "privacy notice."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()


class SubscribeForm(HoneypotMixin, MemberSubscribeForm):
    """The public form: the same, with the address to subscribe."""

    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput, max_length=50)

    field_order = ["website", "email", "language", "consent", "source"]


class ManageSubscriptionForm(NamedErrorsMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )


class NewLinkForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
