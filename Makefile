# withus: `make run` (the app with demo data) and `make test` (everything CI checks).
# Both install what they need first; nothing has to be installed by hand.

VENV      := .venv
PY        := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
NODE_OK   := node_modules/.installed
HOST      ?= 127.0.0.1
PORT      ?= 8000

.PHONY: run test install assets migrate demo lint fmt bench clean help

help:
	@echo "make run    install, build assets, migrate SQLite, load demo data, start web server + worker"
	@echo "make test   install, then ruff, migrations check, tests on SQLite and PostgreSQL, browser tests"

$(PY):
	@PYTHON=$$(scripts/find-python.sh) && echo "Using $$PYTHON" && $$PYTHON -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

$(NODE_OK): package.json package-lock.json
	@command -v npm >/dev/null || scripts/install-system-packages.sh nodejs npm
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(INSTALLED) $(NODE_OK)
	@# WeasyPrint (PDF documents) needs Pango; installed when running as root, otherwise explained.
	@scripts/install-system-packages.sh libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
		|| echo "PDF downloads need the packages above; everything else works without them."

assets: $(NODE_OK)
	node scripts/build-assets.mjs

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: install assets demo
	@HOST=$(HOST) PORT=$(PORT) scripts/run-dev.sh

test: install assets
	@scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules src/withus/static/dist staticfiles var
