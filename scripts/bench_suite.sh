#!/usr/bin/env bash
# The suite's own benchmarks (second step of `make bench`): the test classes tagged
# "ib_benchmark" (and "-standard", so `make test` and any `--test-tags /ib_x` leave them
# out) run on a throw-away database with every ib_* addon installed with demo data.
# They print their figures (log lines with "benchmark") and assert query counts, never
# durations. Exit status 1 when a benchmark fails or none ran.
#
#   ODOO_PATH        Odoo 19 source (default /opt/odoo19)
#   BENCH_TAGS       --test-tags value (default ib_benchmark; e.g. ib_benchmark/ib_core)
#   BENCH_PORT       HTTP port of the test server (default 8078)
#   BENCH_KEEP_DB=1  keep the database (its name is printed)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$(pwd)"
ODOO_PATH="${ODOO_PATH:-/opt/odoo19}"
BENCH_TAGS="${BENCH_TAGS:-ib_benchmark}"
BENCH_PORT="${BENCH_PORT:-8078}"
PY="$REPO/.venv/bin/python"
DB="ib_bench_suite_$$"

test -f "$ODOO_PATH/odoo-bin" || { echo "No Odoo 19 at $ODOO_PATH: set ODOO_PATH."; exit 1; }
addons="$(for m in addons/ib_*/__manifest__.py; do basename "$(dirname "$m")"; done | paste -sd,)"
data_dir="$(mktemp -d)"
log="$data_dir/odoo.log"

cleanup() {
    if [ "${BENCH_KEEP_DB:-0}" = 1 ]; then
        echo "[bench_suite] database $DB kept (filestore in $data_dir)"
    else
        dropdb --if-exists --force "$DB" >/dev/null 2>&1 || true
        rm -rf "$data_dir"
    fi
}
trap cleanup EXIT

echo "[bench_suite] installing $addons into $DB and running --test-tags $BENCH_TAGS"
rc=0
"$PY" "$ODOO_PATH/odoo-bin" --addons-path="$ODOO_PATH/addons,$REPO/addons" -d "$DB" \
    -i "$addons" --with-demo --stop-after-init --test-tags "$BENCH_TAGS" \
    --log-level=test --http-interface=127.0.0.1 --http-port="$BENCH_PORT" \
    --max-cron-threads=0 --data-dir="$data_dir" >"$log" 2>&1 || rc=$?

# The figures, the failures, and Odoo's own result line.
grep -E "benchmark|^(FAIL|ERROR):| (ERROR|CRITICAL) |tests when loading database" "$log" \
    | sed -E 's/^[0-9-]+ [0-9:,]+ [0-9]+ //' || true
result="$(grep -Eo "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$log" | tail -1 || true)"
if [ "$rc" -ne 0 ] || [ -z "$result" ] || [[ "$result" == *" of 0 tests" ]]; then
    cp "$log" "$REPO/bench_suite.log"
    echo "[bench_suite] FAILED (exit status $rc, ${result:-no test result}); log: bench_suite.log"
    exit 1
fi
echo "[bench_suite] $result"
