#!/usr/bin/env bash
# Stop the private PostgreSQL cluster and remove .build; with --all also .venv.
set -euo pipefail
# shellcheck source=tools/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
apb_pg_stop
apb_pg_private_paths
case "$APB_PG_SOCK" in
    /tmp/apb-pg-*) rm -rf "$APB_PG_SOCK" ;;
esac
case "$APB_PG_DIR" in
    /tmp/apb-pgdata-*) rm -rf "$APB_PG_DIR" ;;
esac
rm -rf "$APB_BUILD"
echo "[clean] removed ${APB_BUILD#"$APB_ROOT"/}"
if [ "${1:-}" = --all ]; then
    rm -rf "$APB_VENV"
    echo "[clean] removed ${APB_VENV#"$APB_ROOT"/}"
fi
