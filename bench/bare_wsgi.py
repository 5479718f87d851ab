"""The bare Django floor for bench/pages.py: one view returning "ok", no middleware, no
database, no templates. Served by the same gunicorn (gunicorn.conf.py, 2 workers) as the
portal in the same run, so that the portal's /robots.txt can be compared with the least a
Django view costs on this machine:

    gunicorn bare_wsgi:application -c gunicorn.conf.py --pythonpath bench
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-bare-view-secret-key-0123456789abcdefghijklmnop",  # noqa: S106
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("robots.txt", ok)]

application = get_wsgi_application()
