#!/usr/bin/env bash
# The test command behind `make test`: checks, then the tests under coverage.
# SQLite by default; PostgreSQL when DATABASE_URL names one.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONPATH="site${PYTHONPATH:+:$PYTHONPATH}"

step() { printf '\n== %s\n' "$*"; }

if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  step "axe-core for the browser suite (npm ci)"
  npm ci --no-audit --no-fund
fi
step "ruff lint"
$BIN/ruff check .
step "ruff format"
$BIN/ruff format --check .
step "template formatting (djhtml)"
find templates -name '*.html' -print0 | xargs -0 $BIN/djhtml --check
step "manage.py check"
DJANGO_SETTINGS_MODULE=config.settings.test $BIN/python manage.py check --fail-level WARNING
step "check --deploy (production settings, dummy secrets)"
SECRET_KEY="ci-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" \
  ALLOWED_HOSTS=agenda.example.org SITE_URL=https://agenda.example.org DATABASE_URL="${DATABASE_URL:-sqlite:///ci.sqlite3}" \
  DJANGO_SETTINGS_MODULE=config.settings.production \
  $BIN/python manage.py check --deploy --fail-level WARNING
step "migrations are committed"
DJANGO_SETTINGS_MODULE=config.settings.test $BIN/python manage.py makemigrations --check --dry-run
step "tests on ${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-SQLite}"
# Two workers (pytest-xdist), each with its own test database; pytest-cov
# measures both and combines their data into .coverage for the report below.
# The browser suite then runs alone, as a person's browser would: with the
# other worker busy beside it, Chromium and the one-request-at-a-time live
# server missed their 20 s waits on a loaded machine (twice in the editor's
# journey). Exit 5 is "no test selected" (a path without browser tests).
# `bash scripts/test.sh -n 0` runs the first part in one process.
$BIN/python -m pytest -n 2 --cov --cov-report= -m "not browser" "$@"
$BIN/python -m pytest -n 0 --cov --cov-append --cov-report= -m browser "$@" || [ $? -eq 5 ]
step "coverage"
$BIN/coverage report --skip-covered --sort=cover | tail -n 25
