"""The root URLconf: Django's admin and language switch, then what each installed app
declares in its contributions (portal/core/contract.py): addresses outside the language
prefix, and its URLconf under /en/, /fr/ ... at its translated prefix."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static as media_static
from django.contrib import admin
from django.urls import include, path

from portal.core import contract

handler500 = "portal.site.views.server_error"

apps_contributions = [declared for _config, declared in contract.app_contributions()]

urlpatterns = [
    *(pattern for declared in apps_contributions for pattern in declared.root_urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    *(
        path(declared.url_prefix, include(declared.urls))
        for declared in apps_contributions
        if declared.urls
    ),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += media_static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
