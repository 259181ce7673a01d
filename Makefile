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

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_scoring.py
	$(BIN)/python bench/bench_analyze.py
	$(BIN)/python bench/bench_interop.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
