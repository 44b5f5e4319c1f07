# csp-audit: `make demo` and `make test` each set up their own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo/csp-audit.db
DEMO_OUT ?= demo

.PHONY: demo test lint sample-data install system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Pango (PDF), poppler, Chromium and the axe-core test's npm packages, where missing.
system-deps:
	@scripts/system-deps.sh

demo: $(STAMP) system-deps
	mkdir -p $(DEMO_OUT)
	rm -f $(DEMO_DB)
	$(BIN)/csp-audit load sample_data/*.xlsx --db $(DEMO_DB)

test: $(STAMP) system-deps
	$(BIN)/ruff check csp_audit tests sample_data
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check csp_audit tests sample_data

sample-data: $(STAMP)
	$(BIN)/python sample_data/build_samples.py

clean:
	rm -rf $(VENV) demo build dist .pytest_cache .ruff_cache
