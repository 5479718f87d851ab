"""The WSGI application of the benchmarks: the site, plus uploaded images under /media/
served from MEDIA_ROOT the way the reverse proxy serves them in production
(deploy/nginx.conf), so that pages are measured with their pictures. Never used in
production."""

from django.conf import settings
from whitenoise import WhiteNoise

from portal.wsgi import application as site

# autorefresh: renditions that pages create while they are measured are found too.
application = WhiteNoise(
    site, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, autorefresh=True
)
