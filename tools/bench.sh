#!/usr/bin/env bash
# Benchmark closing batches against Odoo's Register Payment, on database
# apb_bench (created once without demo data, the addon updated each run).
# Arguments go to bench/bench_close.py.
set -euo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
apb_setup all

db="${APB_BENCH_DB:-apb_bench}"
installed="$(psql -X -d "$db" -tAc \
    "SELECT state FROM ir_module_module WHERE name = '$APB_MODULE'" 2>/dev/null || true)"
# Install the addon, or bring it up to date with the working tree.
mode=-u
if [ "$installed" != installed ]; then
    echo "[bench] creating database $db with $APB_MODULE"
    mode=-i
fi
"$APB_PY" "$ODOO_SRC/odoo-bin" -c "$APB_CONF" -d "$db" "$mode" "$APB_MODULE" \
    --without-demo=True --stop-after-init --no-http --log-level=warn </dev/null
exec "$APB_PY" "$APB_ROOT/bench/bench_close.py" --odoo "$ODOO_SRC" -c "$APB_CONF" -d "$db" "$@"
