"""A select widget's options written out in Python (templates/django/forms/widgets/select.html).

A country or language list has hundreds of options, and the template language costs a few
microseconds per node: writing each option with `format_html` gives the same markup as
Django's `select_option.html` and `attrs.html` (escaping and localisation included) for a
fraction of the time. An option that names another template is still rendered through it.
"""

from django import template
from django.forms.renderers import get_default_renderer
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _as_string(value) -> str:
    """`{{ value|stringformat:'s' }}` with autoescaping."""
    text = "%s" % (value,)  # noqa: UP031 (the filter's own formatting)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """`django/forms/widgets/attrs.html`."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}")
        if value is not True:
            out.append(f'="{_as_string(value)}"')
    return "".join(out)


def _option(option: dict) -> str:
    if option["template_name"] != OPTION_TEMPLATE:
        option_template = get_default_renderer().get_template(option["template_name"])
        return option_template.render({"widget": option})  # unstripped, as {% include %}
    value, attrs = _as_string(option["value"]), _attrs(option["attrs"])
    label = conditional_escape(str(localize(option["label"])))
    return f'<option value="{value}"{attrs}>{label}</option>\n'


@register.simple_tag
def select_options(widget: dict) -> SafeString:
    """The options (and option groups) of a select widget, as Django's templates write them."""
    out = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            out.append("\n  " + _option(option))
        if group_name:
            out.append("\n  </optgroup>")
    return mark_safe("".join(out))  # every value above is escaped
