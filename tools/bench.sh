#!/usr/bin/env bash
# Benchmark closing batches against Odoo's Register Payment, on database
# apb_bench (created once, without demo data). Arguments go to the script.
set -euo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
apb_setup all

db="${APB_BENCH_DB:-apb_bench}"
installed="$(psql -X -d "$db" -tAc \
    "SELECT state FROM ir_module_module WHERE name = '$APB_MODULE'" 2>/dev/null || true)"
if [ "$installed" != installed ]; then
    echo "[bench] creating database $db with $APB_MODULE"
    "$APB_PY" "$ODOO_SRC/odoo-bin" -c "$APB_CONF" -d "$db" -i "$APB_MODULE" \
        --without-demo=True --stop-after-init --no-http --log-level=warn </dev/null
fi
exec "$APB_PY" "$APB_ROOT/bench/bench_close.py" --odoo "$ODOO_SRC" -c "$APB_CONF" -d "$db" "$@"
