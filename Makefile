# The two commands that do everything on a fresh machine: `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PROJECTS ?= 200
export DREAM_SHARED_DIR ?= $(abspath ../shared)
# The pinned official schemas: a local copy when one sits beside the project, else `dream standards download`.
export DREAM_STANDARDS_DIR ?= $(if $(wildcard $(DREAM_SHARED_DIR)/standards),$(DREAM_SHARED_DIR)/standards,$(abspath var/standards))

.PHONY: run test install migrate demo serve lint typecheck openapi openapi-check test-sqlite test-postgres test-browser bench bench-publish bench-prozorro bench-reconcile bench-portal clean

$(STAMP): pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
# axe-core for the browser tests, exactly as package-lock.json pins it; without npm those tests say how to get it.
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; else echo "npm is missing: the browser tests need it (apt-get install nodejs npm)."; fi
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/dream migrate --no-input

demo: migrate
	$(BIN)/dream territories load
	$(BIN)/dream demo --projects $(DEMO_PROJECTS) --seed 1 --if-empty

serve:
	$(BIN)/dream serve

run: demo
	$(BIN)/dream standards verify >/dev/null 2>&1 || $(BIN)/dream standards download || true
	$(BIN)/dream publish || echo "The open data files were not written: the pinned standards are missing."
	$(BIN)/dream demo --accounts
	$(BIN)/dream serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

openapi: install
	$(BIN)/dream openapi > docs/openapi.json

openapi-check: install
	$(BIN)/dream openapi | diff -u docs/openapi.json - || (echo "docs/openapi.json is out of date: run 'make openapi' and commit it." && exit 1)

test-sqlite: install
	$(BIN)/pytest -q

test-postgres: install
	scripts/with-postgres $(BIN)/pytest -q

test-browser: install
	$(BIN)/pytest -q tests/browser

test: lint typecheck openapi-check test-sqlite test-postgres

bench: install
	$(BIN)/python bench/run.py

bench-prozorro: install
	$(BIN)/python bench/prozorro.py

bench-reconcile: install
	$(BIN)/python bench/reconcile.py

bench-portal: install
	$(BIN)/python bench/portal.py

bench-publish: install
	$(BIN)/python -m pip install --quiet jsonschema flattentool libcoveoc4ids ocdsmerge
	$(BIN)/python bench/publish.py

clean:
	rm -rf $(VENV) var build *.egg-info node_modules
