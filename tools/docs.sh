#!/usr/bin/env bash
# Regenerate the README's screenshots (docs/*.png) from the demo database:
# make sure it exists (tools/demo-db.sh) and is up to date with the working
# tree, serve it on a free port, run tools/screenshots.py against it with
# headless Chromium, and stop that server again whatever happens.
#
# Environment: APB_DEMO_DB overrides the database (apb_demo); APB_DOCS_UPDATE=0
# skips updating the addon in an existing demo database. Arguments go to
# tools/screenshots.py (e.g. --timeout 180). The server's log is
# .build/logs/docs-odoo.log.
set -euo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# shellcheck source=tools/demo-db.sh
source "$APB_ROOT/tools/demo-db.sh"
apb_setup all

db="${APB_DEMO_DB:-apb_demo}"
if [ "${APB_DOCS_UPDATE:-1}" = 0 ]; then
    apb_demo_db "$db"
else
    apb_demo_db "$db" --update
fi

port="$("$APB_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
url="http://127.0.0.1:$port"
log="$APB_LOGS/docs-odoo.log"
mkdir -p "$APB_LOGS"

odoo_pid=
stop_odoo() {
    [ -n "$odoo_pid" ] || return 0
    if kill -0 "$odoo_pid" 2>/dev/null; then
        kill -TERM "$odoo_pid" 2>/dev/null || true
        local i
        for i in $(seq 50); do
            kill -0 "$odoo_pid" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$odoo_pid" 2>/dev/null; then
            echo "[docs] Odoo did not stop on SIGTERM; killing it (pid $odoo_pid)"
            kill -KILL "$odoo_pid" 2>/dev/null || true
        fi
    fi
    wait "$odoo_pid" 2>/dev/null || true
    odoo_pid=
}
trap stop_odoo EXIT
trap 'exit 130' INT TERM

echo "[docs] serving database $db on $url (log ${log#"$APB_ROOT"/})"
"$APB_PY" "$ODOO_SRC/odoo-bin" -c "$APB_CONF" -d "$db" --db-filter="^$db\$" \
    --http-interface=127.0.0.1 --http-port="$port" --workers=0 --max-cron-threads=0 \
    </dev/null >"$log" 2>&1 &
odoo_pid=$!

# Wait until /web/login answers (or the server dies).
"$APB_PY" - "$url/web/login" "$odoo_pid" <<'PY' || { tail -n 30 "$log" >&2; apb_die "Odoo did not come up on $url"; }
import os, sys, time
import requests

url, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 180
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit("[docs] Odoo exited before answering")
    try:
        if requests.get(url, timeout=5).status_code == 200:
            sys.exit(0)
    except requests.RequestException:
        pass
    time.sleep(0.5)
sys.exit("[docs] Odoo did not answer within 180 s")
PY

cd "$APB_ROOT"
"$APB_PY" "$APB_ROOT/tools/screenshots.py" --url "$url" --db "$db" --out "$APB_ROOT/docs" "$@"
# The app description page (static/description/index.html) shows some of them.
for picture in "$APB_ROOT"/static/description/*.png; do
    name="$(basename "$picture")"
    [ "$name" = icon.png ] || [ ! -f "$APB_ROOT/docs/$name" ] || cp "$APB_ROOT/docs/$name" "$picture"
done

if grep -Eq '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log"; then
    echo "[docs] warning: the Odoo server logged errors (${log#"$APB_ROOT"/}):"
    grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" | head -n 10
fi
