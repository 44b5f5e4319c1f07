# csp-audit: `make demo` and `make test` each set up their own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo/csp-audit.db
DEMO_OUT ?= demo
DEMO_YEAR ?= 2024-25
DEMO_PREVIOUS_YEAR ?= 2023-24

BENCH_N ?= 300
BENCH_YEARS ?= 10

.PHONY: demo test lint sample-data install system-deps clean bench-data bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The package is byte-compiled here because PYTHONDONTWRITEBYTECODE=1 (set in some
# environments) stops Python writing .pyc itself, so every run would compile csp_audit's
# modules afresh (about 45 ms CPU of a sample audit). pip already compiles site-packages.
install: $(STAMP)
	$(BIN)/python -m compileall -q csp_audit

# Pango (PDF), poppler, Chromium and the axe-core test's npm packages, where missing.
system-deps:
	@scripts/system-deps.sh

# Audits 2023-24 first (kept in the database) so the 2024-25 reports show a trend; PDF is
# left out, with a note, where WeasyPrint cannot load.
demo: $(STAMP) system-deps
	mkdir -p $(DEMO_OUT)
	rm -f $(DEMO_DB)
	@formats=html,pdf,xlsx,json,junit,md; \
	if ! $(BIN)/python -c "import weasyprint" 2>/dev/null; then \
	  formats=html,xlsx,json,junit,md; echo "note: no PDF (run make system-deps)"; fi; \
	set -e; \
	$(BIN)/csp-audit audit sample_data/*.xlsx --db $(DEMO_DB) --year $(DEMO_PREVIOUS_YEAR) \
	  --format json --out $(DEMO_OUT)/$(DEMO_PREVIOUS_YEAR) --fail-on never > /dev/null; \
	$(BIN)/csp-audit audit sample_data/*.xlsx --db $(DEMO_DB) --year $(DEMO_YEAR) \
	  --format $$formats --out $(DEMO_OUT) --fail-on never; \
	$(BIN)/csp-audit report --db $(DEMO_DB) --all --year $(DEMO_YEAR) --public \
	  --format $$formats --out $(DEMO_OUT) > /dev/null; \
	echo; echo "Reports for $(DEMO_YEAR) are in $(DEMO_OUT)/ (officers' and -public versions):"; \
	ls -1 $(DEMO_OUT)/*-$(DEMO_YEAR).html $(DEMO_OUT)/*-$(DEMO_YEAR)-public.html

test: $(STAMP) system-deps
	$(BIN)/ruff check csp_audit tests sample_data
	$(BIN)/lint-imports --no-logo
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check csp_audit tests sample_data
	$(BIN)/lint-imports --no-logo

sample-data: $(STAMP)
	$(BIN)/python sample_data/build_samples.py

# Seeded synthetic workbooks, BENCH_N partnerships x BENCH_YEARS years, in bench/data/.
bench-data: $(STAMP)
	$(BIN)/python bench/generate.py --partnerships $(BENCH_N) --years $(BENCH_YEARS) --out bench/data

# Load, check and report at 1/4, 1/2 and full size against the floor. Writes the tracked
# bench/results.json at the default 300 x 10 only; other sizes bench/results-PxY.json.
bench: install bench-data
	$(BIN)/python bench/run.py --data bench/data --partnerships $(BENCH_N) --years $(BENCH_YEARS)

clean:
	rm -rf $(VENV) demo build dist .pytest_cache .ruff_cache
