# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The address the demo's links use (the Wagtail Site) and the one served:
# SITE_URL=http://192.168.1.20:8000 make run serves that host and port.
SITE_URL ?= http://127.0.0.1:8000
HOST ?= $(patsubst https://%,%,$(patsubst http://%,%,$(SITE_URL)))

.PHONY: run test check pytest bench loadtest messages format clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## run: install, migrate, load the demo province and serve it at $(SITE_URL)
run: export SITE_URL := $(SITE_URL)
run: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Serving Agenda Lampung on $(SITE_URL)/ (admin: $(SITE_URL)/admin/)"
	@echo "The PDF booklets are built in the background, as cron does in production."
	$(BIN)/python manage.py build_booklet --stale --watch 30 >/dev/null & \
	  trap 'kill $$! 2>/dev/null' EXIT; \
	  $(BIN)/python manage.py runserver $(HOST)

## test: every check and test (SQLite, or PostgreSQL when DATABASE_URL names one)
test: $(VENV)/.dev
	bash scripts/test.sh

## bench: performance benchmark (see README); BENCH_ARGS="--events 100000" for the big run
bench: $(VENV)/.runtime
	$(BIN)/python manage.py bench_events $(BENCH_ARGS)

## loadtest: gunicorn + PostgreSQL + Redis (+ nginx) under wrk, loopback only, a few minutes
loadtest: $(VENV)/.runtime
	bash scripts/loadtest.sh

## format: apply ruff and djhtml formatting
format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	find templates -name '*.html' -print0 | xargs -0 $(BIN)/djhtml

## messages: refresh the id/en catalogues from the code, fill English, compile (then translate new id entries)
messages: $(VENV)/.dev
	$(BIN)/python manage.py update_catalogues

clean:
	rm -rf $(VENV) staticfiles .coverage htmlcov artifacts
