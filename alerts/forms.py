from django import forms
from django.conf import settings
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from alerts.models import AlertSubscription
from portal.core.forms import NamedErrorsMixin
from projects.models import Country, Sector


class AlertPreferencesForm(NamedErrorsMixin, forms.Form):
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Countries of origin or of interest. Leave empty for all countries."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for all sectors."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=AlertSubscription.Frequency.choices,
        widget=forms.RadioSelect,
        initial=AlertSubscription.Frequency.WEEKLY,
    )
    language = forms.ChoiceField(
        label=_("Language of the alerts"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(
        label=_("I agree to receive these alerts by email, as the privacy notice explains."),
        error_messages={"required": _("Please accept the privacy notice to receive alerts.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The focus countries of origin first, then the others; each group by name.
        self.fields["countries"].queryset = Country.objects.order_by(
            F("is_focus").desc(), *Country._meta.ordering
        )
