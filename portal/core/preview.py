"""Staff preview: a draft shown as the public would see it, in either language.

`/en/preview/<app_label>.<model>/<pk>/` (and `/fr/apercu/...`) renders the object with its
public detail view, whatever its publication state, for staff allowed to view it; anyone
else gets a 404. Previews are never cached and never indexed. Apps register their
previewable models with the public detail view that shows them:

    preview.register(Article, ArticleDetailView)
"""

from django.apps import apps
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.core.staff_auth.services import is_trusted_staff

_views: dict[type[Model], type] = {}


def register(model: type[Model], view_class: type) -> None:
    _views[model] = view_class


def is_previewable(model: type[Model]) -> bool:
    return model in _views


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
    opts = model_class._meta
    can_see = (
        is_trusted_staff(user)  # password, and the second factor when it is required
        and (
            user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
            or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )
    )
    if not can_see or model_class not in _views:
        raise Http404
    obj = get_object_or_404(model_class._default_manager, pk=pk)
    view = _views[model_class]()
    view.setup(request, pk=pk)
    view.object = obj
    context = view.get_context_data(object=obj)
    context.update(preview=True, preview_object=obj)
    response = view.render_to_response(context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
