"""Staff preview: a draft shown as the public would see it, in either language.

`/en/preview/<app_label>.<model>/<pk>/` (and `/fr/apercu/...`) renders the object with its
public detail view, whatever its publication state, for staff allowed to view it; anyone
else gets a 404. Previews are never cached and never indexed. Apps declare their
previewable models with the public detail view that shows them, in their contributions
(portal/core/contract.py):

    previews={Article: ArticleDetailView}

From the change form, staff preview what is in the form, saved or not: its preview buttons
POST the form here, and the page shows the object with the form's values, saving nothing
(the parts edited inline, such as an issue's articles, are shown as last saved; the page
says so).

It is the only way staff see a draft: on a draft's public URL, a detail view with
`DraftPreviewMixin` sends them to its preview (everyone else gets the 404), and the page
says it is a preview with one banner (templates/includes/preview_banner.html).
"""

import copy

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db.models import FileField, Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.core import contract
from portal.core.i18n import language_in_text
from portal.core.staff_auth.services import is_trusted_staff


def views() -> dict[type[Model], type]:
    """Each previewable model and the public detail view that shows it."""
    return contract.merged("previews")


def is_previewable(model: type[Model]) -> bool:
    return model in views()


def can_preview(user, model: type[Model]) -> bool:
    """Staff allowed to see this kind of content, whatever its publication state."""
    opts = model._meta
    return (
        is_previewable(model)
        and is_trusted_staff(user)  # password, and the second factor when it is required
        and (
            user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
            or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )
    )


def preview_url(obj: Model) -> str:
    """The preview in the active language."""
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    return reverse("portal:preview", kwargs={"model": label, "pk": obj.pk})


def preview_links(obj) -> list[dict]:
    """A link per language to preview `obj` as the public would see it."""
    if not is_previewable(type(obj)):
        return []
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = preview_url(obj)
        links.append(
            {
                "url": url,
                "code": code,
                "label": gettext("Preview in %(language)s") % {"language": language_in_text(code)},
                "form_label": gettext("Preview the form in %(language)s")
                % {"language": language_in_text(code)},
            }
        )
    return links


@never_cache
@require_http_methods(["GET", "POST"])
def preview_view(request: HttpRequest, model: str, pk: int) -> HttpResponse:
    """The object as the public would see it; on POST (the admin's change form), with the
    form's unsaved values."""
    user = request.user
    try:
        model_class = apps.get_model(model)
    except (LookupError, ValueError):
        raise Http404 from None
    if not can_preview(user, model_class):
        raise Http404
    obj = get_object_or_404(model_class._default_manager, pk=pk)
    unsaved = request.method == "POST"
    if unsaved:
        obj, errors = with_form_values(request, obj)
        if errors is not None:
            return TemplateResponse(
                request, "portal/preview_errors.html", {"errors": errors}, status=400
            )
    view = views()[model_class]()
    view.setup(request, pk=pk)
    view.object = obj
    context = view.get_context_data(object=obj)
    context.update(preview=True, preview_object=obj, preview_unsaved=unsaved)
    response = view.render_to_response(context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def with_form_values(request: HttpRequest, obj: Model):
    """(a copy of `obj` carrying the admin change form's posted values, None), or (None,
    the form's errors). Nothing is saved; files keep their saved version (an upload is
    stored only on save). Only staff who may change the object get this far."""
    model_admin = admin.site.get_model_admin(type(obj))
    if not model_admin.has_change_permission(request, obj):
        raise Http404
    form_class = model_admin.get_form(request, obj, change=True)
    form = form_class(request.POST, instance=copy.copy(obj))
    if not form.is_valid():
        return None, form.errors
    draft = form.instance  # the form's values, set by its validation; not saved
    for field in type(obj)._meta.fields:
        if isinstance(field, FileField):
            setattr(draft, field.attname, getattr(obj, field.attname))
    return draft, None


class DraftPreviewMixin:
    """For a public detail view: on the public URL of an object the public may not see,
    staff who may preview it are redirected to its preview; everyone else gets the 404.
    A view whose lookup is not `get_object(queryset)` says how to find the object whatever
    its state in `get_draft_object()`."""

    def get_draft_object(self) -> Model | None:
        """The object whatever its state. By default the view's own lookup (get_object) on
        every row of its queryset's model."""
        return self.get_object(self.get_queryset().model._default_manager.all())

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if not request.user.is_staff:
                raise
            try:
                obj = self.get_draft_object()
            except Http404:
                obj = None
            if obj is None or not can_preview(request.user, type(obj)):
                raise
            return redirect(preview_url(obj))
