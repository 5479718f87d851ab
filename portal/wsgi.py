import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django_application = get_wsgi_application()

# The cached pages this process holds a copy of are answered before Django's request handling
# (portal/core/cache/wsgi.py); everything else goes to Django.
from portal.core.cache.wsgi import PageCacheApplication  # noqa: E402 (needs the settings)

application = PageCacheApplication(django_application)
