# The portal's production image: gunicorn serving portal.wsgi, the same image runs the
# task worker (`python manage.py run_worker`). Configuration comes from the environment
# (see README, "Production").

# --- build: dependencies, compiled translations, collected static files
FROM python:3.11-slim AS build
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first (with the optional S3 media storage), so a code change reuses the layer.
COPY pyproject.toml ./
RUN python -m venv /opt/venv \
    && python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print('\n'.join(p['dependencies'] + p['optional-dependencies']['s3']))" > /tmp/requirements.txt \
    && /opt/venv/bin/pip install -r /tmp/requirements.txt
ENV PATH=/opt/venv/bin:$PATH
COPY . .
# Build-time values only: settings refuse to load in production mode without them.
RUN export DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build \
    && python manage.py compilemessages -v0 -i node_modules -i .venv \
    && python manage.py collectstatic --noinput -v0

# --- runtime: no compiler, no gettext, a non-root user
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    MEDIA_ROOT=/data/media PRIVATE_MEDIA_ROOT=/data/private PAGE_CACHE_DIR=/tmp/portal-pages \
    STATIC_ROOT=/data/static
RUN groupadd --system portal \
    && useradd --system --gid portal --home-dir /app --no-create-home portal \
    && mkdir -p /data/media /data/private /data/static \
    && chown portal:portal /data/media /data/private /data/static
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
USER portal
EXPOSE 8000
VOLUME ["/data/media", "/data/private", "/data/static"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "portal.wsgi"]
