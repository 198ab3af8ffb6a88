# IB suite: `make run` (local server with demo data), `make test` (all tests but the
# benchmarks), `make lint` (pre-commit on all files), `make readme` (each addon's
# README.rst and index.html from readme/, the addon graph of README.md) and `make bench`
# (opt-in: the guest's cost, Odoo's everyday calls with and without the suite, then the
# suite's own benchmark tests, tagged ib_benchmark; `make bench-suite` runs only the
# latter).
#
#   ODOO_PATH  Odoo 19 source checkout (default /opt/odoo19)
#   DB         database of `make run` / `make clean-db` (default ib_dev)
#   PORT       HTTP port of `make run` (default 8069)
#   ARGS       extra options for scripts/run_tests.py, e.g. ARGS="--tiers static,together -k security"
#   BENCH_ARGS extra options for scripts/bench_guest.py, e.g. BENCH_ARGS="--repeat 30"
#   BENCH_TAGS --test-tags of scripts/bench_suite.sh (default ib_benchmark)
#   PGHOST/PGPORT/PGUSER/PGPASSWORD  PostgreSQL connection (default: local socket)

ODOO_PATH ?= /opt/odoo19
# bash: `set -o pipefail` in the recipes that pipe Odoo's log through a filter
SHELL := /bin/bash
DB ?= ib_dev
PORT ?= 8069
ARGS ?=
BENCH_ARGS ?=
export ODOO_PATH

PY := .venv/bin/python
ODOO := $(PY) $(ODOO_PATH)/odoo-bin
ADDONS_PATH := $(ODOO_PATH)/addons,$(CURDIR)/addons
IB_ADDONS := $(sort $(patsubst addons/%/__manifest__.py,%,$(wildcard addons/ib_*/__manifest__.py)))

.PHONY: setup test lint readme bench bench-suite run clean-db

setup:
	@scripts/setup.sh

test: setup
	$(PY) scripts/run_tests.py $(ARGS)

# pre-commit with local hooks only (.pre-commit-config.yaml): the tools of .venv/bin.
lint: setup
	PATH="$(CURDIR)/.venv/bin:$$PATH" $(PY) -m pre_commit run --all-files --show-diff-on-failure

# README.rst and static/description/index.html of every addon from its readme/ fragments
# and manifest, and the addon graph of README.md (scripts/gen_addon_readme.py).
readme: setup
	$(PY) scripts/gen_addon_readme.py

bench: setup
	$(PY) scripts/bench_guest.py $(BENCH_ARGS)
	scripts/bench_suite.sh

bench-suite: setup
	scripts/bench_suite.sh

run: setup
	@test -f "$(ODOO_PATH)/odoo-bin" || { echo "No Odoo 19 at $(ODOO_PATH): set ODOO_PATH."; exit 1; }
	@test -n "$(IB_ADDONS)" || { echo "No ib_* addons under addons/."; exit 1; }
	@set -eo pipefail; \
	installed="$$(psql -d '$(DB)' -tAc "SELECT name FROM ir_module_module WHERE name LIKE 'ib\_%' AND state = 'installed'" 2>/dev/null || true)"; \
	missing=""; \
	for addon in $(IB_ADDONS); do \
	    echo "$$installed" | grep -qx "$$addon" || missing="$$missing,$$addon"; \
	done; \
	missing="$${missing#,}"; \
	if [ -n "$$missing" ]; then \
	    echo "[run] installing $$missing with demo data into database $(DB) (2-4 minutes)"; \
	    start=$$(date +%s); \
	    $(ODOO) --addons-path=$(ADDONS_PATH) -d '$(DB)' -i "$$missing" --with-demo \
	        --stop-after-init --http-interface=127.0.0.1 --http-port=$(PORT) --log-level=info 2>&1 \
	    | awk '/ Loading module / { sub(/.* Loading module /, ""); printf "[run] %s loading %s\n", strftime("%H:%M:%S"), $$0; fflush(); next } \
	           / (WARNING|ERROR|CRITICAL) / { print; fflush() }'; \
	    echo "[run] installed in $$(( $$(date +%s) - start )) s"; \
	fi; \
	echo; \
	echo "IB suite: http://127.0.0.1:$(PORT)/odoo  (database $(DB))"; \
	echo "Demo logins (password = login; scripts/demo_logins.txt):"; \
	grep -v '^#' scripts/demo_logins.txt | awk -F'\t' '{ printf "  %-14s %-14s %s\n", $$1, $$2, $$3 }'; \
	echo; \
	exec $(ODOO) --addons-path=$(ADDONS_PATH) -d '$(DB)' \
	    --http-interface=127.0.0.1 --http-port=$(PORT) --db-filter='^$(DB)$$'

clean-db:
	@if [ -f "$(ODOO_PATH)/odoo-bin" ] && [ -x $(PY) ]; then \
	    $(ODOO) --addons-path=$(ADDONS_PATH) db drop '$(DB)' || true; \
	else \
	    dropdb --if-exists '$(DB)'; \
	fi
	@echo "[clean-db] database $(DB) dropped"
