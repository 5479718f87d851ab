# The two commands: `make run` and `make test`. Everything installs into .venv/ and node_modules/.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
I18N_IGNORE := -i node_modules -i .venv -i staticfiles

.PHONY: run test lint format messages superuser worker install css bench clean

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

worker: install
	DJANGO_DEBUG=1 $(MANAGE) run_worker

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

# Benchmarks print figures; they are not part of `make test`. bench/pages.py flushes the
# PostgreSQL database in BENCH_POSTGRES_URL (skipped when unset); BENCH_ARGS=--quick for
# short runs.
bench: install
	$(PY) bench/pages.py $(BENCH_ARGS)
	$(PY) bench/newsletter_send.py
	$(PY) bench/registration_contention.py

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
