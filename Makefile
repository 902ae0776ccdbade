# Cultuurportaal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python 3.11+ on the PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 1
RUNS ?= 30
ROWS ?= 1000000
# The suite runs in two processes (pytest-xdist), a test file per process at a time, so that a
# file's shared fixtures (a demo load) are made once; the tests in real transactions (browser,
# concurrency) in a second pass, because they empty the database they leave (tests/conftest.py).
# PYTEST_WORKERS=0 runs each pass in one process.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

.PHONY: help install run test lint format check bench bench-retention messages lock worker periodic clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11, python3.12 ...)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies (requirements/dev.txt)

run: install ## Migrate the SQLite database, load demo data, serve http://127.0.0.1:8000/
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## Lint, system checks, migrations check and the whole test suite
	@mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(PYTEST) -m "not transactional" $(PYTEST_ARGS)
	$(PYTEST) -m transactional $(PYTEST_ARGS)

lint: install ## Only ruff (check and format check)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Let ruff fix imports and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install ## Benchmarks: make bench [SCALE=1] [RUNS=30]; writes bench/results/latest.json
	$(BIN)/python -m bench --scale $(SCALE) --runs $(RUNS)

bench-retention: install ## Retention benchmark: make bench-retention [ROWS=1000000]; writes bench/results/retention.json
	$(BIN)/python -m bench.retention --rows $(ROWS)

messages: install ## Update and compile the translations in locale/
	$(MANAGE) makemessages --locale nl --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*' --no-obsolete
	$(MANAGE) compilemessages --locale nl --ignore '.venv/*'

lock: $(BIN)/python ## Re-pin requirements/*.txt from the ranges in pyproject.toml
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --quiet -o requirements/production.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --quiet -o requirements/dev.txt

worker: install ## Run the background task worker (production uses the database backend)
	$(MANAGE) db_worker

periodic: install ## Run the periodic jobs that are due (what cron calls)
	$(MANAGE) run_periodic

clean: ## Remove the virtualenv, the local database and caches
	rm -rf $(VENV) var .pytest_cache .ruff_cache
