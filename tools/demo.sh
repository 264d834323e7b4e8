#!/usr/bin/env bash
# Serve a demo database (apb_demo) with the addon and Odoo's demo data.
# APB_DEMO_DB overrides the database name, APB_HTTP_PORT the port (8069).
set -euo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# shellcheck source=tools/demo-db.sh
source "$APB_ROOT/tools/demo-db.sh"
apb_setup all

db="${APB_DEMO_DB:-apb_demo}"
port="${APB_HTTP_PORT:-8069}"
apb_demo_db "$db" --update

echo "Odoo on http://localhost:$port — login admin / admin"
exec "$APB_PY" "$ODOO_SRC/odoo-bin" -c "$APB_CONF" -d "$db" --db-filter="^$db\$" --http-port="$port"
