# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= demo-workspace
PORT ?= 8866

.PHONY: demo test test-fast bench install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgres,hub]'
	touch $(STAMP)

demo: $(STAMP)  ## build the demo workspace and serve it on http://127.0.0.1:8866
	$(BIN)/tpi demo $(DEMO_DIR) --port $(PORT)

test: $(STAMP)  ## every test: unit, notebook, reports, browser
	$(BIN)/python -m pytest

test-fast: $(STAMP)  ## everything but the browser, notebook and document-building tests
	$(BIN)/python -m pytest -m "not browser and not notebook and not reports"

bench: $(STAMP)  ## speed and memory, JSON in benchmarks/results/
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache *.egg-info
