# The whole set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  := out/store
# The tiers `make test-fast` leaves out (markers in pyproject.toml, applied in tests/conftest.py).
FAST   := not model and not browser and not server and not slow

.PHONY: demo test test-fast lint install browser servers notebook screenshot clean

# The exact tested set of every dependency (constraints.txt); pyproject.toml gives compatible ranges.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,dask,lint]'
	touch $@

install: $(STAMP)

# Debian packages the tests need, installed only when their command is missing (as root, or through sudo).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
define apt_install
	$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null
endef

# Debian's Chromium + ChromeDriver for the browser tests (never a downloaded browser).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { $(call apt_install,chromium chromium-driver); }

# Debian's Virtuoso 7 for the second-engine tests (started and stopped on loopback by a fixture).
servers:
	@command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || { $(call apt_install,virtuoso-opensource-7-bin); }

demo: $(STAMP)
	rm -rf $(STORE) && mkdir -p out
	$(BIN)/kg build seeds --store $(STORE)
	$(BIN)/kg export --store $(STORE) --format turtle -o out/graph.ttl
	$(BIN)/kg draw --store $(STORE) -o out/graph.html
	$(BIN)/kg analyze --store $(STORE) --format markdown -o out/report.md
	$(BIN)/kg stats --store $(STORE)

# The full suite, then the linters (CI runs this).
test: $(STAMP) browser servers
	$(BIN)/python -m pytest -q -n 2
	$(MAKE) --no-print-directory lint

# Unit tests without the spaCy model, a browser, servers or slow ones (under a minute).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 -m '$(FAST)'

# ruff (lint + format check) and mypy; the end of `make test`.
lint: $(STAMP)
	$(BIN)/ruff check kg tests bench tools
	$(BIN)/ruff format --check kg tests bench tools
	$(BIN)/mypy

# The tour in JupyterLab (the [notebook] extra: JupyterLab, pandas, matplotlib, SPARQLWrapper).
notebook: $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[notebook]'
	$(BIN)/jupyter lab notebooks/tour.ipynb

# docs/graph.png: the page `make demo` draws, as headless Chromium shows it; README's caption gets its counts.
screenshot: demo browser
	$(BIN)/python tools/screenshot.py out/graph.html docs/graph.png

clean:
	rm -rf out kg-store build dist
