# spinemet: the two commands of the README quick start.
#   make demo   installs what running needs into .venv (no test tools) and runs the demo
#   make test   installs with the test extras and runs ruff, mypy and the whole pytest suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean locale browser

# WeasyPrint (the PDF report) needs Pango and HarfBuzz from the system, and the Chinese report
# (--lang zh-Hans) a CJK font. Where they are missing and apt-get can install them
# (Debian/Ubuntu, as root), they are installed; elsewhere the message says what to install.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
CJK_FONT := fonts-wqy-microhei

define system_packages
	@missing=""; for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do \
	  ldconfig -p 2>/dev/null | grep -q "$$lib" || missing="$$missing $$lib"; done; \
	packages=""; [ -n "$$missing" ] && packages="$(SYSTEM_LIBS)"; \
	if ! fc-list :lang=zh 2>/dev/null | grep -q .; then packages="$$packages $(CJK_FONT)"; fi; \
	if [ -n "$$packages" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages for the PDF report:$$packages"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
	      install -y -qq $$packages >/dev/null; \
	  else echo "warning: install$$packages (Pango, HarfBuzz; a CJK font for --lang zh-Hans)"; fi; \
	fi
endef

# What running needs: the package and its dependencies, no test tools.
$(RUNTIME): pyproject.toml
	$(system_packages)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

# Development: the same plus the test extras (pytest, ruff, mypy, ...).
$(STAMP): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The pages' translations: .po files in the repository, compiled to .mo here (gettext's msgfmt,
# installed with apt-get where missing, as Pango above).
locale: $(RUNTIME)
	@command -v msgfmt >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing gettext (msgfmt) to compile the translations"; \
	    apt-get -o DPkg::Lock::Timeout=900 update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get -o DPkg::Lock::Timeout=900 install -y -qq gettext >/dev/null; \
	  else echo "error: msgfmt missing; install gettext"; exit 1; fi; }
	cd src/spinemet && SPINEMET_DATA_DIR=$$(mktemp -d) ../../$(BIN)/python -m django compilemessages \
	  --settings spinemet.registry.settings >/dev/null

# The browser tests drive Debian's Chromium (never a downloaded browser) with a CJK font, so
# that Chinese pages render as text in the screenshots.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi micro hei"; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing chromium and fonts-wqy-microhei for the browser tests"; \
	    apt-get -o DPkg::Lock::Timeout=900 update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get -o DPkg::Lock::Timeout=900 install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  else echo "warning: chromium or fonts-wqy-microhei missing: the browser tests will be skipped"; fi; \
	fi

demo: $(RUNTIME) locale
	$(BIN)/spinemet demo

# The whole suite runs on SQLite; the registry's tests run a second time on PostgreSQL
# (SPINEMET_TEST_PG, default postgresql://postgres@127.0.0.1:5432/test; started here if it is
# installed but stopped). Where no server answers, that pass is skipped and says so loudly.
test: $(STAMP) locale browser
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
	@echo "make bench: scoring, analysis at several cohort sizes, interop, the registry (minutes)"
	@start=$$(date +%s); \
	$(BIN)/python bench/bench_scoring.py && $(BIN)/python bench/bench_analyze.py \
	  && $(BIN)/python bench/bench_interop.py && $(BIN)/python bench/bench_registry.py \
	  && $(BIN)/python bench/bench_redcap_api.py && $(BIN)/python bench/bench_pages.py; \
	status=$$?; echo "make bench took $$(( $$(date +%s) - start )) s"; exit $$status

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
	find src -name '*.mo' -delete
