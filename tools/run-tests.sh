#!/usr/bin/env bash
# Lint, run the plain unit tests (<package>/tests, no Odoo) and the addon's Odoo
# tests on throw-away databases, and print one final "N passed, N failed" line.
# Exit status 0 only when everything passed.
#
#   run 1 "standard": new database without demo data, -i the addon and
#                     payment_demo (card charge tests, not a dependency), tests of
#                     /account_payment_batch (at_install and post_install)
#   run 2 "demo":     new database with demo data, only tests tagged apb_demo;
#                     skipped when no test in tests/ mentions the apb_demo tag
#                     (APB_DEMO_RUN=always|auto|never, default auto)
#   run 3 "queue":    new database without demo data, -i the addon and OCA
#                     queue_job (requirements-oca.txt), only tests tagged
#                     apb_queue: closing in the background on jobs; skipped
#                     when no test mentions the tag (APB_QUEUE_RUN likewise)
#   run 4 "wheel":    tools/wheel_test.py: builds the wheel (make dist), checks
#                     its files against the manifest, installs it with pip
#                     --no-deps into a throw-away virtualenv and the addon from
#                     there into a new database (APB_WHEEL_RUN=never skips it)
#
# Environment: APB_SKIP_LINT=1 skips lint; APB_TEST_TIMEOUT (seconds, default
# 2400) bounds each Odoo run; APB_KEEP_DB=1 keeps the databases; APB_VERBOSE=1
# prints the whole Odoo log (always written to .build/logs/test-<run>.log).
set -uo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set -e
apb_setup all
set +e

cd "$APB_ROOT"
mkdir -p "$APB_LOGS"
timeout_s="${APB_TEST_TIMEOUT:-2400}"
demo_run="${APB_DEMO_RUN:-auto}"
queue_run="${APB_QUEUE_RUN:-auto}"

lint_failed=0
if [ "${APB_SKIP_LINT:-0}" != 1 ]; then
    bash "$APB_ROOT/tools/lint.sh" 2>&1 | tee "$APB_LOGS/lint.log"
    lint_failed=${PIPESTATUS[0]}
fi

free_port() {
    "$APB_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

DATABASES=()
drop_db() {
    local db="$1"
    dropdb --if-exists --force "$db" >/dev/null 2>&1 || dropdb --if-exists "$db" >/dev/null 2>&1 || true
    rm -rf "$APB_BUILD/filestore/filestore/$db"
}
cleanup() {
    if [ "${APB_KEEP_DB:-0}" = 1 ]; then
        [ ${#DATABASES[@]} -eq 0 ] || echo "[test] kept databases: ${DATABASES[*]}"
        DATABASES=()
        return 0
    fi
    local db
    for db in "${DATABASES[@]}"; do drop_db "$db"; done
    DATABASES=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The console shows warnings, errors, tracebacks and test output; the full log
# is in .build/logs (APB_VERBOSE=1 shows everything).
console_filter() {
    if [ "${APB_VERBOSE:-0}" = 1 ]; then
        cat
        return
    fi
    awk -v keep="^(odoo[.]tests|odoo[.]addons[.]$APB_MODULE|odoo[.]service[.]server)" '
        $1 ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ && $4 ~ /^(INFO|DEBUG)$/ && $6 !~ keep { next }
        { print; fflush() }'
}

RUN_ARGS=()
# [RUN_MODULES=a,b] run_odoo LABEL DB [odoo options...]
# RUN_MODULES: the modules to install (default: the addon and payment_demo).
run_odoo() {
    local label="$1" db="$2" modules="${RUN_MODULES:-$APB_MODULE,payment_demo}"
    shift 2
    local log="$APB_LOGS/test-$label.log" port rc
    port="$(free_port)"
    drop_db "$db"
    DATABASES+=("$db")
    echo "[test] $label: database $db, HTTP port $port, log ${log#"$APB_ROOT"/}"
    # Odoo creates the database itself (template0, UTF8) when it does not exist.
    timeout --signal=INT --kill-after=60 "$timeout_s" \
        "$APB_PY" "$ODOO_SRC/odoo-bin" -c "$APB_CONF" -d "$db" --db-filter="^$db\$" \
        -i "$modules" --test-enable --stop-after-init --log-level=test \
        --http-port="$port" --workers=0 --max-cron-threads=0 "$@" \
        </dev/null 2>&1 | tee "$log" | console_filter
    rc=${PIPESTATUS[0]}
    [ "$rc" != 124 ] || echo "[test] $label: timed out after ${timeout_s}s"
    RUN_ARGS+=(--run "$label" "$log" "$rc")
}

# Plain unit tests without Odoo or a database: the tests/ folder of every
# top-level package other than the addon's own tests/ (e.g. batch_core/tests).
UNIT_ARGS=()
for dir in "$APB_ROOT"/*/tests; do
    pkg="$(basename "$(dirname "$dir")")"
    compgen -G "$dir/test*.py" >/dev/null || continue
    log="$APB_LOGS/unittest-$pkg.log"
    echo "[test] $pkg: python -m unittest discover -s $pkg/tests, log ${log#"$APB_ROOT"/}"
    top=.  # a tests/ folder without __init__.py is its own top-level directory
    [ -f "$dir/__init__.py" ] || top="$pkg/tests"
    (cd "$APB_ROOT" && timeout "$timeout_s" "$APB_PY" -m unittest discover -v -s "$pkg/tests" -t "$top") \
        </dev/null 2>&1 | tee "$log"
    UNIT_ARGS+=(--unittest "$pkg" "$log" "${PIPESTATUS[0]}")
done

run_odoo standard "apb_test_$$" --without-demo=True --test-tags "/$APB_MODULE"

if [ "$demo_run" = always ] || { [ "$demo_run" = auto ] \
    && grep -rqs --include='*.py' "apb_demo" "$APB_ROOT/tests"; }; then
    run_odoo demo "apb_test_demo_$$" --with-demo --test-tags "apb_demo/$APB_MODULE"
elif [ "$demo_run" = auto ]; then
    echo "[test] demo: no test tagged apb_demo in tests/; demo-data run skipped"
else
    echo "[test] demo: demo-data run skipped (APB_DEMO_RUN=$demo_run)"
fi

if [ "$queue_run" = always ] || { [ "$queue_run" = auto ] \
    && grep -rqs --include='*.py' "apb_queue" "$APB_ROOT/tests"; }; then
    RUN_MODULES="$APB_MODULE,queue_job" run_odoo queue "apb_test_queue_$$" \
        --without-demo=True --test-tags "apb_queue/$APB_MODULE"
elif [ "$queue_run" = auto ]; then
    echo "[test] queue: no test tagged apb_queue in tests/; queue_job run skipped"
else
    echo "[test] queue: queue_job run skipped (APB_QUEUE_RUN=$queue_run)"
fi

if [ "${APB_WHEEL_RUN:-auto}" != never ]; then
    log="$APB_LOGS/unittest-wheel.log"
    echo "[test] wheel: python -m unittest tools/wheel_test.py, log ${log#"$APB_ROOT"/}"
    (cd "$APB_ROOT" && timeout "$timeout_s" "$APB_PY" -m unittest -v tools/wheel_test.py) \
        </dev/null 2>&1 | tee "$log"
    UNIT_ARGS+=(--unittest wheel "$log" "${PIPESTATUS[0]}")
else
    echo "[test] wheel: skipped (APB_WHEEL_RUN=never)"
fi

cleanup
"$APB_PY" "$APB_ROOT/tools/summarize_test_log.py" --module "$APB_MODULE" \
    --lint-failed "$lint_failed" "${UNIT_ARGS[@]}" "${RUN_ARGS[@]}"
