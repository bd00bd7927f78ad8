# The two commands: `make run` serves a demo site, `make test` runs every test.
# `COUNCIL=302 make run` (DfE code, ONS code or name) serves that council from DfE's figures, on a fresh database.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV := DEBUG=true AXES_QUIET_SETUP=true
# Test processes (pytest-xdist): one a core. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

run: $(VENV)/.runtime
	$(DEV) $(BIN)/python manage.py migrate --noinput -v 0
	$(DEV) $(BIN)/python manage.py demo_setup
	@test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || echo "Note: report PDFs need Chromium (apt-get install chromium); everything else works without it."
	@test -n "$$EMAIL_URL$$EMAIL_HOST" || echo "Emails are printed in this terminal (Django's console backend), not sent: set EMAIL_URL to send them."
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.test
	$(BIN)/python tools/benchmark.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
