# spinemet: the two commands of the README quick start.
#   make demo   installs into .venv and runs the main job on the embedded default (SQLite)
#   make test   installs with the test extras and runs ruff, mypy and the whole pytest suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean

# WeasyPrint (the PDF report) needs Pango and HarfBuzz from the system. Where they are missing
# and apt-get can install them (Debian/Ubuntu, as root), they are installed; elsewhere the
# message says what to install.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

$(STAMP): pyproject.toml
	@missing=""; for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do \
	  ldconfig -p 2>/dev/null | grep -q "$$lib" || missing="$$missing $$lib"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing system libraries for the PDF report:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_LIBS) >/dev/null; \
	  else echo "warning: missing$$missing; install Pango and HarfBuzz ($(SYSTEM_LIBS)) for PDF reports"; fi; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/spinemet demo

# The whole suite runs on SQLite; the registry's tests run a second time on PostgreSQL
# (SPINEMET_TEST_PG, default postgresql://postgres@127.0.0.1:5432/test; started here if it is
# installed but stopped). Where no server answers, that pass is skipped and says so loudly.
test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m django makemigrations --check --dry-run --settings spinemet.registry.settings >/dev/null \
	  || { echo "error: the registry's models and migrations differ; run makemigrations"; exit 1; }
	SPINEMET_DATA_DIR=$$(mktemp -d) $(BIN)/pytest
	@pg=$$(PYTHON=$(BIN)/python scripts/postgres-for-tests.sh); \
	if [ -n "$$pg" ]; then \
	  echo "== registry tests on PostgreSQL ($$pg) =="; \
	  SPINEMET_DATA_DIR=$$(mktemp -d) DATABASE_URL="$$pg" SPINEMET_TEST_PG="$$pg" $(BIN)/pytest tests/registry; \
	else \
	  echo "!! WARNING: NO POSTGRESQL SERVER ANSWERS: the registry tests ran on SQLite only !!"; \
	fi

bench: $(STAMP)
	$(BIN)/python bench/bench_scoring.py
	$(BIN)/python bench/bench_analyze.py
	$(BIN)/python bench/bench_registry.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
