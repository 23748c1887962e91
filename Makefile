# Caremarket: `make demo` serves the demo world; `make test` runs the whole suite.
# Both set up everything they need on a clean clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
ONLY ?=

.PHONY: demo test bench setup setup-dev frontend chromium wrk lint format screenshots clean

demo: setup
	CAREMARKET_DEMO=1 scripts/demo.sh $(PORT)

test: setup-dev chromium
	scripts/test.sh

bench: setup-dev wrk
	$(BIN)/python -m bench $(if $(ONLY),--only $(ONLY))

setup: $(VENV)/.installed frontend

setup-dev: $(VENV)/.installed-dev frontend

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

frontend: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || scripts/apt-install.sh chromium chromium-driver

# Benchmarks load the servers with wrk.
wrk:
	@command -v wrk >/dev/null 2>&1 || scripts/apt-install.sh wrk

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the screenshots in docs/screenshots from the demo world.
screenshots: setup-dev chromium
	CAREMARKET_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/browser -q -k screenshots

clean:
	rm -rf $(VENV) node_modules var
