"""The dialogue's public forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogue.models import Report
from portal.core.forms import HoneypotMixin


class ReportForm(HoneypotMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting it?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Details"),
        max_length=Report._meta.get_field("note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not include anyone's personal details."),
    )
    field_order = ["website", "reason", "note"]
