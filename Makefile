# gazette: `make run` builds the warehouse from seeds/, `make test` runs the tests, `make ui` opens Dagster
# (on port 3000; `make ui PORT=3001` for another).
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint ui dagster-settings bench bench-pages

# (Re)install only when the venv is missing or the lock file (or the package's entry points) changed.
$(STAMP): requirements.lock pyproject.toml
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

run: $(STAMP)
	$(VENV)/bin/gazette run --input seeds --warehouse warehouse

# Every test, on every core (pytest-xdist); tests that share a module fixture stay together (xdist_group).
test: $(STAMP)
	$(VENV)/bin/python -m pytest -n auto --dist loadgroup

# Formatting, lint rules, types, the layers of the package (configured in pyproject.toml) and
# modules of at most 500 lines; the tools are pinned in the lock file.
lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	@long=$$(find gazette benchmarks tests -name '*.py' -exec awk 'END { if (NR > 500) print FILENAME " has " NR " lines (at most 500)" }' {} \;); \
	if [ -n "$$long" ]; then echo "$$long"; exit 1; fi

# Dagster keeps runs and partitions in dagster_home/ (git-ignored), so they survive restarts; its
# settings come from config/dagster.yaml, and with DAGSTER_POSTGRES_URL set from
# config/dagster-postgres.yaml too: runs and events in that PostgreSQL database, shared by many
# machines (docs/scaling.md). Written at every `make ui`, so that setting the variable or not counts.
DAGSTER_HOME_DIR := $(CURDIR)/dagster_home
DAGSTER_SETTINGS := config/dagster.yaml $(if $(DAGSTER_POSTGRES_URL),config/dagster-postgres.yaml)

dagster-settings:
	mkdir -p $(DAGSTER_HOME_DIR)
	cat $(DAGSTER_SETTINGS) > $(DAGSTER_HOME_DIR)/dagster.yaml

PORT ?= 3000

ui: export DAGSTER_HOME := $(DAGSTER_HOME_DIR)
ui: $(STAMP) dagster-settings
	$(VENV)/bin/dagster dev -m gazette.definitions --port $(PORT)

# Throughput, marginal and incremental cost, SQL model times, 100,000 pages (benchmarks/run.py; 1-2 hours
# on 2 cores). BENCH_ARGS=--quick for a run of about 2 minutes; others: make bench BENCH_ARGS="--sizes 100,1000".
bench: $(STAMP)
	$(VENV)/bin/python -m benchmarks.run $(BENCH_ARGS)

# Pages as printed: adversarial PDFs and scans scored against their printed text (benchmarks/pages.py; 2-3 minutes).
bench-pages: $(STAMP)
	$(VENV)/bin/python -m benchmarks.pages $(BENCH_ARGS)
