#!/usr/bin/env bash
# Refresh the translation template i18n/account_payment_batch.pot with Odoo's
# own exporter (`odoo-bin i18n export`), from a database where the addon of the
# working tree is installed without demo data (APB_POT_DB, default apb_pot:
# installed when missing, else updated).
set -euo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
apb_setup all

db="${APB_POT_DB:-apb_pot}"
opts=(-c "$APB_CONF" -d "$db" --db-filter="^$db\$")
installed="$(psql -X -d "$db" -tAc \
    "SELECT state FROM ir_module_module WHERE name = '$APB_MODULE'" 2>/dev/null || true)"
if [ "$installed" = installed ]; then
    "$APB_PY" "$ODOO_SRC/odoo-bin" "${opts[@]}" -u "$APB_MODULE" --stop-after-init \
        --no-http --log-level=warn </dev/null || apb_die "updating $APB_MODULE in $db failed"
else
    "$APB_PY" "$ODOO_SRC/odoo-bin" "${opts[@]}" -i "$APB_MODULE" --without-demo=True \
        --stop-after-init --no-http --log-level=warn </dev/null \
        || apb_die "installing $APB_MODULE into $db failed"
fi
mkdir -p "$APB_ROOT/i18n"
"$APB_PY" "$ODOO_SRC/odoo-bin" i18n export -c "$APB_CONF" -d "$db" \
    -o "$APB_ROOT/i18n/$APB_MODULE.pot" "$APB_MODULE" </dev/null
echo "[pot] i18n/$APB_MODULE.pot: $(grep -c '^msgid "' "$APB_ROOT/i18n/$APB_MODULE.pot") strings"
