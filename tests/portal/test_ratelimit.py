import pytest
from django import forms
from django.utils import translation

from portal.core import ratelimit

pytestmark = pytest.mark.django_db  # the page renders with the site context (SiteSettings)


class NameForm(forms.Form):
    name = forms.CharField()


def post(rf):
    request = rf.post("/", {"name": "Amina"}, REMOTE_ADDR="198.51.100.7")
    return request, NameForm(request.POST)


def test_refused_lets_submissions_under_the_limit_through(rf):
    request, form = post(rf)
    results = [
        ratelimit.refused(request, "test", form=form, template="includes/form_errors.html", limit=2)
        for _ in range(2)
    ]
    assert results == [None, None]
    assert form.is_valid()


def test_refused_answers_429_with_the_error_in_the_visitors_language(rf, settings):
    settings.FORM_RATE_LIMIT_PER_HOUR = 1
    request, form = post(rf)
    ratelimit.refused(request, "test", form=form, template="includes/form_errors.html")
    with translation.override("fr"):
        response = ratelimit.refused(
            request, "test", form=form, template="includes/form_errors.html"
        )
    assert response.status_code == 429
    assert "Trop de tentatives depuis votre connexion" in response.content.decode()
    assert not form.is_valid()


def test_refused_counts_each_scope_apart(rf):
    request, form = post(rf)
    kwargs = {"form": form, "template": "includes/form_errors.html", "limit": 1}
    assert ratelimit.refused(request, "one", **kwargs) is None
    assert ratelimit.refused(request, "two", **kwargs) is None
    assert ratelimit.refused(request, "one", **kwargs).status_code == 429
