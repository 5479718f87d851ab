from django import template

from portal.site.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/portal/dashboard.html", takes_context=True)
def editorial_dashboard(context) -> dict:
    return {**dashboard(context["request"]), "request": context["request"]}
