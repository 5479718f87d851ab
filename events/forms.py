from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import SPOKEN_LANGUAGES, Event, split_codes
from projects.models import Country, Project


class EventFilterForm(forms.Form):
    """The event list's filters, read from the query string (GET) so a filtered list has its
    own URL. Unknown values are ignored rather than shown as errors."""

    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    project = forms.ChoiceField(label=_("Project"), required=False)

    def __init__(self, *args, countries: list[Country], projects: list[Project], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Event.Kind.choices]
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c.code.lower(), c.name) for c in countries
        ]
        self.fields["project"].choices = [("", _("All projects"))] + [
            (str(p.pk), p.title) for p in projects
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter(self, events):
        """`events` narrowed by every valid filter; invalid ones are left out."""
        if not self.is_bound:
            return events
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if kind := data.get("kind"):
            events = events.filter(kind=kind)
        if country := data.get("country"):
            events = events.filter(
                pk__in=Event.objects.filter(sessions__country__code=country.upper()).values("pk")
            )
        if project := data.get("project"):
            events = events.filter(project_id=int(project))
        return events

    @property
    def active(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


class EventAdminForm(forms.ModelForm):
    """The admin form: languages spoken as check boxes, stored as comma-separated codes."""

    languages = forms.MultipleChoiceField(
        label=_("languages spoken"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            "title", "slug", "description", "kind", "project", "languages", "status",
            "registration_opens_at", "registration_closes_at", "is_published", "publish_at",
            "english_only",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages"] = split_codes(self.instance.languages)

    def clean_languages(self) -> str:
        return ",".join(self.cleaned_data["languages"])
