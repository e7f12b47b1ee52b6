# Horizon Monitor. `make demo` and `make test` work on a fresh machine (Python ≥ 3.11).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/monitor demo

lint: $(DEV_STAMP)
	$(BIN)/ruff check monitor tests bench alembic/env.py
	$(BIN)/ruff format --check monitor tests bench alembic/env.py

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data out .pytest_cache .hypothesis
