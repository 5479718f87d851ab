from django.views.generic import TemplateView


class IssueListView(TemplateView):
    """The newsletter archive (filled by the newsletter issue)."""

    template_name = "newsletter/issue_list.html"
