#!/usr/bin/env bash
# Serve a demo database (apb_demo) with the addon and Odoo's demo data.
# APB_DEMO_DB overrides the database name, APB_HTTP_PORT the port (8069).
set -euo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
apb_setup all

db="${APB_DEMO_DB:-apb_demo}"
port="${APB_HTTP_PORT:-8069}"
bin=("$APB_PY" "$ODOO_SRC/odoo-bin")
opts=(-c "$APB_CONF" -d "$db" --db-filter="^$db\$")

installed="$(psql -X -d "$db" -tAc \
    "SELECT state FROM ir_module_module WHERE name = '$APB_MODULE'" 2>/dev/null || true)"
if [ "$installed" != installed ]; then
    echo "[demo] installing $APB_MODULE with demo data into database $db"
    "${bin[@]}" "${opts[@]}" -i "$APB_MODULE" --with-demo --stop-after-init --http-port="$port" </dev/null
fi

# The demo data's admin user is login admin / password admin; make sure of it.
"${bin[@]}" shell "${opts[@]}" --no-http >/dev/null 2>&1 <<'PY' || echo "[demo] warning: could not reset the admin password"
user = env.ref("base.user_admin")
user.write({"login": "admin", "password": "admin", "active": True})
env.cr.commit()
PY

echo "Odoo on http://localhost:$port — login admin / admin"
exec "${bin[@]}" "${opts[@]}" --http-port="$port"
