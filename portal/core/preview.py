"""Staff preview: a draft shown as the public would see it, in either language.

`/en/preview/<app_label>.<model>/<pk>/` (and `/fr/apercu/...`) renders the object with its
public detail view, whatever its publication state, for staff allowed to view it; anyone
else gets a 404. Previews are never cached and never indexed. Apps declare their
previewable models with the public detail view that shows them, in their contributions
(portal/core/contract.py):

    previews={Article: ArticleDetailView}

It is the only way staff see a draft: on a draft's public URL, a detail view with
`DraftPreviewMixin` sends them to its preview (everyone else gets the 404), and the page
says it is a preview with one banner (templates/includes/preview_banner.html).
"""

from django.apps import apps
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.core import contract
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


@never_cache
@require_GET
def preview_view(request: HttpRequest, model: str, pk: int) -> HttpResponse:
    user = request.user
    try:
        model_class = apps.get_model(model)
    except (LookupError, ValueError):
        raise Http404 from None
    if not can_preview(user, model_class):
        raise Http404
    obj = get_object_or_404(model_class._default_manager, pk=pk)
    view = views()[model_class]()
    view.setup(request, pk=pk)
    view.object = obj
    context = view.get_context_data(object=obj)
    context.update(preview=True, preview_object=obj)
    response = view.render_to_response(context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


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
