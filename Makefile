# The two commands: `make run` and `make test`. Everything installs into .venv/ and node_modules/.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
I18N_IGNORE := -i node_modules -i .venv -i staticfiles

.PHONY: run run-prod-local test lint format messages superuser worker install css bench bench-weight bench-lighthouse bench-screenshots clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# axe-core for the accessibility tests (and sass/Bootstrap for `make css`). Without npm the
# browser accessibility tests are skipped with a message.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility (axe-core) tests will be skipped."; fi

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput
	DJANGO_DEBUG=1 $(MANAGE) compilemessages -v0 $(I18N_IGNORE)
	DJANGO_DEBUG=1 $(MANAGE) load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (with a task worker); Ctrl-C stops both."
	DJANGO_DEBUG=1 $(PY) bin/run_dev.py --port $(PORT)

# A worker on its own (`make run` starts one already); emailed links point at PORT.
worker: install
	DJANGO_DEBUG=1 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(MANAGE) run_worker

# The production settings on this machine, to see the site as deployed: DJANGO_DEBUG=0,
# translations compiled, static files collected (hashed names, compressed) into a temporary
# folder that is removed on Ctrl-C, gunicorn. On the database of `make run` (DATABASE_URL
# chooses another). Open http://localhost:$(PORT)/ (secure cookies are accepted on localhost).
# Uploaded images are not served here: in production the reverse proxy serves /media/.
PROD_LOCAL_SECRET := local-production-trial-only-0123456789-abcdefghijklmnopqrstuvwxyz
run-prod-local: install
	@set -e; static=$$(mktemp -d); trap 'rm -rf "$$static"' EXIT INT TERM; \
	export DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$(PROD_LOCAL_SECRET)} \
		DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_HSTS_SECONDS=0 \
		STATIC_ROOT="$$static" SITE_URL=$${SITE_URL:-http://localhost:$(PORT)} \
		GUNICORN_BIND=127.0.0.1:$(PORT) WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2}; \
	$(MANAGE) migrate --noinput -v0; \
	$(MANAGE) compilemessages -v0 $(I18N_IGNORE); \
	$(MANAGE) collectstatic --noinput -v0; \
	echo "Production settings on http://localhost:$(PORT)/ (gunicorn); Ctrl-C stops it."; \
	$(PY) -m gunicorn portal.wsgi -c gunicorn.conf.py

test: install node_modules/.installed
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) compilemessages -v0 $(I18N_IGNORE)
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) check
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Update the catalogue after changing UI strings, then translate the new entries in
# locale/fr/LC_MESSAGES/django.po (a test fails while one is missing).
messages: install
	DJANGO_DEBUG=1 $(MANAGE) makemessages --all --no-location --no-obsolete $(I18N_IGNORE) -i tests
	DJANGO_DEBUG=1 $(MANAGE) compilemessages -v0 $(I18N_IGNORE)

superuser: install
	DJANGO_DEBUG=1 $(MANAGE) createsuperuser

# Rebuild the Bootstrap subset in static/vendor/bootstrap from frontend/bootstrap.scss.
css: node_modules/.installed
	npm run --silent build:css

# Benchmarks print figures; they are not part of `make test`. bench/pages.py and
# bench/uncached_pages.py (every public page type uncached, 10x the demo) flush the
# PostgreSQL database in BENCH_POSTGRES_URL (skipped when unset); BENCH_ARGS=--quick for
# short runs. bench/scale_rehearsal.py (nginx, two gunicorn instances, two RQ workers)
# flushes the database in REHEARSAL_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
# portal_rehearsal) and Redis databases 13 and 12 (REHEARSAL_REDIS_URL,
# REHEARSAL_PAGE_CACHE_REDIS_URL); it says why and skips when one does not answer. The
# page budgets of the public face (weight at 390 px, Lighthouse mobile on every page type)
# and the screenshots have their own targets, run first.
bench: bench-weight bench-lighthouse bench-screenshots
	$(PY) bench/pages.py --no-lighthouse $(BENCH_ARGS)
	$(PY) bench/uncached_pages.py $(BENCH_ARGS)
	$(PY) bench/cache_under_writes.py $(BENCH_ARGS)
	$(PY) bench/newsletter_send.py
	$(PY) bench/alert_digest.py
	$(PY) bench/registration_contention.py
	$(PY) bench/talent_pool.py
	$(PY) bench/admin_changelists.py
	$(PY) bench/scale_rehearsal.py $(if $(findstring --quick,$(BENCH_ARGS)),--quick)

# Bytes and requests of each page type at 390 px (home: <= 32 KB HTML+CSS+JS, < 150 KB in all).
bench-weight: install
	$(PY) bench/weight.py

# Lighthouse (pinned in bench/lighthouse/package-lock.json) with Chromium, mobile preset.
bench/lighthouse/node_modules/.installed: bench/lighthouse/package.json bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --silent && touch $@

bench-lighthouse: install bench/lighthouse/node_modules/.installed
	$(PY) bench/lighthouse_scores.py

# PNGs of every page type at 390 and 1280 px in each language, into bench/out/screenshots/.
bench-screenshots: install
	$(PY) bench/screenshots.py

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
