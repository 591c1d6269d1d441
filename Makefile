# Two commands do all set-up on a fresh machine:
#   make run    create/reuse .venv, install munidocs, run the main flow on the embedded corpus
#   make test   the same set-up, then lint (ruff), format check, types (mypy) and the tests (pytest)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "munidocs needs Python >= 3.11 (set PYTHON=python3.11)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) system-deps

# System packages the features need (installed here, never by hand). Nothing yet beyond Python.
system-deps:
	@bash scripts/system-deps.sh

run: install
	$(BIN)/munidocs run $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks also measure Camelot (the optional `bench` extra) side by side.
bench: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python -m benchmarks $(ARGS)

clean:
	rm -rf $(VENV) outputs/*.parquet outputs/*.csv outputs/*.duckdb outputs/datapackage.json outputs/.munidocs
