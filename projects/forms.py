from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Country, Project, Sector


class ProjectFilterForm(forms.Form):
    """The project list's filters, read from the query string (GET) so a filtered list has
    its own URL. Unknown values are ignored rather than shown as errors."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, countries: list[Country], sectors: list[Sector], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c.code.lower(), c.name) for c in countries
        ]
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (s.code, s.name) for s in sectors
        ]
        self.fields["status"].choices = [("", _("All statuses")), *Project.Status.choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter(self, projects):
        """`projects` narrowed by every valid filter; invalid ones are left out."""
        if not self.is_bound:
            return projects
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if country := data.get("country"):
            projects = projects.in_country(country.upper())
        if sector := data.get("sector"):
            projects = projects.filter(sectors__code=sector)
        if status := data.get("status"):
            projects = projects.filter(status=status)
        return projects

    @property
    def active(self) -> bool:
        return any(self.data.get(name) for name in self.fields)
