"""Form widgets render through the project's templates (FORM_RENDERER = TemplatesSetting),
where templates/django/forms/widgets/select.html writes a select's options with a tag:
the markup stays Django's, byte for byte, without one template render per option."""

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test.signals import template_rendered

CHOICES = [
    ("", "Choose a country"),
    ("Africa", [("RW", "Rwanda"), ("SN", "Sénégal & <Casamance>")]),
    ("BE", "Belgium"),
    (7, "A number"),
]


class Form(forms.Form):
    country = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "x"}))
    countries = forms.MultipleChoiceField(choices=CHOICES, required=False)
    language = forms.ChoiceField(choices=[("en", "English"), ("fr", "French")])


class DisabledOptionSelect(forms.Select):
    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["disabled"] = option["value"] == "BE"
        option["attrs"]["data-code"] = option["value"]
        return option


def test_select_markup_is_djangos_own():
    form = Form(data={"country": "SN", "countries": ["BE", "7"], "language": "fr"})
    disabled = DisabledOptionSelect(choices=CHOICES)
    for name in ("country", "countries", "language"):
        ours = form[name].as_widget()
        form.renderer = DjangoTemplates()  # Django's own templates only
        theirs = form[name].as_widget()
        form.renderer = None
        assert ours == theirs, name
    ours = disabled.render("c", "RW", renderer=get_default_renderer())
    assert ours == disabled.render("c", "RW", renderer=DjangoTemplates())
    assert ' disabled data-code="BE"' in ours and 'selected data-code="RW"' in ours


def test_select_options_are_not_a_template_each():
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    choices = [(str(n), f"Country {n}") for n in range(250)]
    template_rendered.connect(record)
    try:
        html = forms.Select(choices=choices).render("c", "3", renderer=get_default_renderer())
    finally:
        template_rendered.disconnect(record)
    assert html.count("<option") == 250
    assert len(rendered) < 5, rendered


class CustomOptionSelect(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


def test_an_option_with_its_own_template_is_rendered_through_it():
    widget = CustomOptionSelect(choices=CHOICES[2:])
    ours = widget.render("c", "BE", renderer=get_default_renderer())
    assert ours == widget.render("c", "BE", renderer=DjangoTemplates())
