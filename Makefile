# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= ketamine.db
DATASETTE_PORT ?= 8001
API_PORT ?= 5000
API_WORKERS ?= 2
HOST ?= 127.0.0.1

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/ketamine: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/ketamine ## Create .venv and install the project with its test extra

validate: install ## Check every record in data/ and list all problems
	$(BIN)/ketamine validate

build: install ## Validate data/ and (re)build ketamine.db atomically
	$(BIN)/ketamine build --db $(DB)

run: build ## Build, then serve Datasette and the API until Ctrl-C
	$(BIN)/ketamine serve --db $(DB) --host $(HOST) --datasette-port $(DATASETTE_PORT) --api-port $(API_PORT) --workers $(API_WORKERS)

test: install chromium ## Install test dependencies (and Debian's chromium) and run the whole test suite
	$(BIN)/pytest

chromium: ## Install Debian's chromium for the browser tests if it is missing
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -q chromium || { $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }; }

clean: ## Remove the virtual environment and the built database
	rm -rf $(VENV) $(DB)

.PHONY: help install validate build run test clean bench coverage export chromium loadtest verify watch

bench: build ## Benchmark the API against Datasette and a bare WSGI app with wrk (needs the wrk package)
	$(BIN)/python -m tests.benchmarks.bench_api --db $(DB)

coverage: build ## How far the research has got: each area of data/coverage.yml against its targets
	$(BIN)/ketamine coverage --details

export: build ## Write dist/: one CSV per table, a JSON file and a Frictionless datapackage.json
	$(BIN)/ketamine export --db $(DB) --out dist

loadtest: build ## Load and fault run (64 connections; a worker killed; the database replaced) with wrk
	$(BIN)/python -m tests.benchmarks.loadtest

verify: install ## Fetch every cited source and check its quotes (never edits data/); then run make build
	$(BIN)/ketamine verify

watch: install ## Compare official machine-readable sources with data/ and report discrepancies
	$(BIN)/ketamine watch
