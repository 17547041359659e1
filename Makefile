# Hiroba's commands. The two that matter on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address in the demo's e-mail links: where `make demo` serves (localhost when it listens on
# every interface). Set HIROBA_SITE_URL to name another.
HIROBA_SITE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),localhost,$(HOST)):$(PORT)

.PHONY: demo serve test test-fast lint format check browser-deps messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

## demo: a demo community on SQLite with Japanese and English content, served on $(HOST):$(PORT)
demo: $(VENV)/.installed
	HIROBA_DEBUG=true $(PY) manage.py migrate --noinput
	HIROBA_DEBUG=true $(PY) manage.py createcachetable
	HIROBA_DEBUG=true HIROBA_SITE_URL=$(HIROBA_SITE_URL) $(PY) manage.py seed_demo --url $(HIROBA_SITE_URL)/
	HIROBA_DEBUG=true HIROBA_SITE_URL=$(HIROBA_SITE_URL) $(PY) manage.py serve --host $(HOST) --port $(PORT)

## serve: the web server and a job consumer, with the settings in the environment
serve: $(VENV)/.installed
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

## browser-deps: Debian's chromium and CJK fonts for the browser tests, when missing
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "Installing chromium and fonts-noto-cjk"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

## test: the whole suite, browser tests included (HIROBA_DATABASE_URL / HIROBA_REDIS_URL pick the services)
test: $(VENV)/.installed browser-deps
	$(PY) -m pytest -q

test-fast: $(VENV)/.installed
	$(PY) -m pytest -q -m "not browser"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: lint test

## messages: refresh the translation catalogues (needs GNU gettext); the compiled .mo files are committed
messages: $(VENV)/.installed
	cd hiroba && ../$(PY) ../manage.py makemessages -l ja -l en --no-obsolete --ignore "*/tests/*"
	cd hiroba && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var
