#!/usr/bin/env bash
# The demo database shared by tools/demo.sh and tools/docs.sh.
#
#   source tools/demo-db.sh     (after tools/setup.sh and `apb_setup all`)
#   apb_demo_db DB [--update]
#
# Installs the addon with Odoo's demo data into DB when it is not installed
# there yet (--update: when it is, update it to the working tree instead), and
# makes sure the admin user is login admin / password admin. Odoo's
# payment_demo provider is installed next to it (not a dependency) and
# tools/demo_card_charges.py adds the card charge demo data.
# Run directly (bash tools/demo-db.sh [--update]) it does the set-up first and
# works on $APB_DEMO_DB (default apb_demo).

apb_demo_db() {
    local db="$1" update="${2:-}"
    local bin=("$APB_PY" "$ODOO_SRC/odoo-bin")
    local opts=(-c "$APB_CONF" -d "$db" --db-filter="^$db\$")
    local installed
    installed="$(psql -X -d "$db" -tAc \
        "SELECT state FROM ir_module_module WHERE name = '$APB_MODULE'" 2>/dev/null || true)"
    if [ "$installed" != installed ]; then
        echo "[demo] installing $APB_MODULE with demo data into database $db"
        "${bin[@]}" "${opts[@]}" -i "$APB_MODULE,payment_demo" --with-demo --stop-after-init --no-http </dev/null \
            || apb_die "installing $APB_MODULE into database $db failed"
        # Odoo installs a module without its demo data when that data fails,
        # and says so only in a warning: refuse such a database.
        [ "$(psql -X -d "$db" -tAc \
            "SELECT demo FROM ir_module_module WHERE name = '$APB_MODULE'")" = t ] \
            || apb_die "the demo data of $APB_MODULE failed to load into database $db (see the log above); dropdb $db and try again"
    elif [ "$update" = --update ]; then
        echo "[demo] updating $APB_MODULE in database $db"
        "${bin[@]}" "${opts[@]}" -u "$APB_MODULE" --stop-after-init --no-http --log-level=warn </dev/null \
            || apb_die "updating $APB_MODULE in database $db failed"
    fi
    if [ "$(psql -X -d "$db" -tAc \
        "SELECT state FROM ir_module_module WHERE name = 'payment_demo'")" != installed ]; then
        echo "[demo] installing payment_demo into database $db"
        "${bin[@]}" "${opts[@]}" -i payment_demo --stop-after-init --no-http --log-level=warn </dev/null \
            || apb_die "installing payment_demo into database $db failed"
    fi
    "${bin[@]}" shell "${opts[@]}" --no-http --log-level=warn <"$APB_ROOT/tools/demo_card_charges.py" \
        || apb_die "the card charge demo data (tools/demo_card_charges.py) failed in database $db"

    # The demo data's admin user is login admin / password admin; make sure of it.
    "${bin[@]}" shell "${opts[@]}" --no-http >/dev/null 2>&1 <<'PY' || echo "[demo] warning: could not reset the admin password"
user = env.ref("base.user_admin")
user.write({"login": "admin", "password": "admin", "active": True})
env.cr.commit()
PY
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    # shellcheck source=tools/setup.sh
    source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
    apb_setup all
    apb_demo_db "${APB_DEMO_DB:-apb_demo}" "$@"
fi
